package io.channelhub.connector.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.Listing;
import io.channelhub.connector.MarketplaceRefusedException;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.springframework.stereotype.Component;

/**
 * Shopify's inventory, through the Admin REST API: an inventory level is the {@code available} quantity of one
 * inventory item (each product variant has exactly one) at one location. A listing of the hub is therefore an
 * {@value #INVENTORY_ITEM_ID} and a {@value #LOCATION_ID}; a listing without a location uses the connector's
 * {@code location-id} option, so a shop selling from one location need not repeat it on every listing.
 */
@Component
public class ShopifyInventoryApi {

    static final String INVENTORY_ITEM_ID = "inventoryItemId";
    static final String LOCATION_ID = "locationId";
    static final String LOCATION_OPTION = "location-id";

    private final ShopifyAdminApi admin;
    private final ObjectMapper json;

    public ShopifyInventoryApi(ShopifyAdminApi admin, ObjectMapper json) {
        this.admin = admin;
        this.json = json;
    }

    /**
     * Sets the available quantity ({@code POST inventory_levels/set.json}); an item not yet stocked at the location
     * is connected to it by Shopify. A 2xx means it is set: the {@code inventory_level} answered is not needed.
     *
     * @throws MarketplaceRefusedException the listing lacks an id, or Shopify refused the call (e.g. 422)
     * @throws io.channelhub.connector.MarketplaceUnavailableException 5xx, 401/403, or 404 (unknown item or location)
     */
    void setAvailable(String connectorId, ConnectorSettings settings, Listing listing, int available) {
        String item = listing.requiredId(INVENTORY_ITEM_ID);
        String location = location(connectorId, settings, listing);
        ObjectNode body = json.createObjectNode();
        body.put("location_id", shopifyId(listing, LOCATION_ID, location));
        body.put("inventory_item_id", shopifyId(listing, INVENTORY_ITEM_ID, item));
        body.put("available", available);
        admin.post(connectorId, settings, "inventory_levels/set.json", body,
                "Shopify set available of inventory item " + item + " at location " + location);
    }

    /** The available quantity Shopify shows for the listing; empty when the item is not stocked there or untracked. */
    OptionalInt available(String connectorId, ConnectorSettings settings, Listing listing) {
        String item = shopifyId(listing, INVENTORY_ITEM_ID, listing.requiredId(INVENTORY_ITEM_ID)).toString();
        String location = shopifyId(listing, LOCATION_ID, location(connectorId, settings, listing)).toString();
        HttpResponse<String> response = admin.get(connectorId, settings, "inventory_levels.json?inventory_item_ids="
                + item + "&location_ids=" + location, "Shopify read inventory level of item " + item + " at location "
                + location);
        for (JsonNode level : admin.body(response, "Shopify inventory levels").path("inventory_levels")) {
            JsonNode quantity = level.path("available");
            if (item.equals(level.path("inventory_item_id").asText()) && location.equals(level.path("location_id").asText())
                    && quantity.isIntegralNumber() && quantity.canConvertToInt()) {
                return OptionalInt.of(quantity.asInt());
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Every variant with a SKU, page by page through {@code GET products.json} (the REST API lists variants only
     * inside their products, or per product), at the connector's {@code location-id}.
     */
    List<Listing> variantsWithSku(String connectorId, ConnectorSettings settings) {
        String location = settings.requiredOption(connectorId, LOCATION_OPTION);
        List<Listing> listings = new ArrayList<>();
        HttpResponse<String> page = admin.get(connectorId, settings,
                "products.json?limit=" + ShopifyAdminApi.pageSize(settings) + "&fields=id,variants", "Shopify list products");
        while (true) {
            for (JsonNode product : admin.body(page, "Shopify products page").path("products")) {
                for (JsonNode variant : product.path("variants")) {
                    String sku = variant.path("sku").asText("").trim();
                    String item = variant.path("inventory_item_id").asText("");
                    if (!sku.isEmpty() && !item.isEmpty() && !"null".equals(item)) {
                        listings.add(new Listing(connectorId, sku, Map.of(INVENTORY_ITEM_ID, item, LOCATION_ID, location)));
                    }
                }
            }
            String next = ShopifyAdminApi.nextLink(page);
            if (next == null) {
                return listings;
            }
            page = admin.follow(connectorId, settings, next, "Shopify list products");
        }
    }

    private static String location(String connectorId, ConnectorSettings settings, Listing listing) {
        String location = listing.ids().get(LOCATION_ID);
        if (location == null || location.isBlank()) {
            location = settings.option(LOCATION_OPTION, null);
        }
        if (location == null) {
            throw new MarketplaceRefusedException(0, "listing of " + listing.sku() + " on " + connectorId + " has no "
                    + LOCATION_ID + " and the connector has no option " + LOCATION_OPTION);
        }
        return location;
    }

    /** Shopify's ids are unsigned 64-bit numbers, sent as JSON numbers. */
    private static BigInteger shopifyId(Listing listing, String name, String value) {
        try {
            BigInteger id = new BigInteger(value.trim());
            if (id.signum() > 0) {
                return id;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw new MarketplaceRefusedException(0, "listing of " + listing.sku() + " on " + listing.connectorId() + ": "
                + name + " '" + value + "' is not a Shopify id");
    }
}
