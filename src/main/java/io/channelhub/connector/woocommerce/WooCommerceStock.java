package io.channelhub.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.Listing;
import io.channelhub.connector.MarketplaceRefusedException;
import io.channelhub.connector.PayloadJson;
import io.channelhub.connector.StockPushResult;
import io.channelhub.connector.StockUpdate;
import io.channelhub.connector.TransientMarketplaceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The stock a WooCommerce shop advertises, set and read through the REST API v3. A listing is a product
 * ({@code productId}) or one variation of a variable product ({@code productId} and {@code variationId}).
 *
 * <p>Quantities are written with WooCommerce's batch endpoints, one call for the products of a push and one per
 * variable product for its variations: {@code POST products/batch} and {@code POST products/<id>/variations/batch},
 * each item {@code {"id", "manage_stock": true, "stock_quantity"}}. WooCommerce sets a quantity only on an item
 * that manages stock, hence {@code manage_stock} with every item. A batch answers 200 with one entry per item, in
 * the order sent: the saved resource, or {@code {"id", "error": {"code", "message", "data": {"status"}}}} for an
 * item it refused (an unknown id: {@code woocommerce_rest_product_invalid_id} or
 * {@code woocommerce_rest_product_variation_invalid_id}, 400), so one bad listing does not hold up the others.
 */
final class WooCommerceStock {

    static final String PRODUCT_ID = "productId";
    static final String VARIATION_ID = "variationId";
    /**
     * Half WooCommerce's batch limit of 100 (a filter that a site may have lowered): every item is a full product
     * save inside one PHP request, which must finish within the host's execution time limit (often 30 s).
     */
    static final int MAX_BATCH = 50;
    /** Product types whose own stock cannot be set: a grouped product has none, an external one refuses it. */
    private static final Set<String> WITHOUT_STOCK = Set.of("grouped", "external");
    private static final Pattern WOO_ID = Pattern.compile("[1-9]\\d{0,17}");

    private final WooCommerceApi api;

    WooCommerceStock(WooCommerceApi api) {
        this.api = api;
    }

    /**
     * One batch call per collection (the products, each variable product's variations). When the first call fails
     * as a whole the push fails ({@link TransientMarketplaceException}); when a later one does, the calls before it
     * have been applied, so their results stand and the rest are {@code RETRY}.
     */
    List<StockPushResult> push(String connectorId, ConnectorSettings settings, List<StockUpdate> updates) {
        StockPushResult[] results = new StockPushResult[updates.size()];
        Target[] targets = new Target[updates.size()];
        Map<String, List<Integer>> calls = new LinkedHashMap<>();
        for (int i = 0; i < updates.size(); i++) {
            try {
                targets[i] = Target.of(updates.get(i).listing());
                calls.computeIfAbsent(targets[i].collection(), collection -> new ArrayList<>()).add(i);
            } catch (MarketplaceRefusedException e) {
                results[i] = StockPushResult.refused(updates.get(i), e.getMessage());
            }
        }
        boolean anyAnswered = false;
        String unavailable = null;
        for (Map.Entry<String, List<Integer>> call : calls.entrySet()) {
            List<Integer> indexes = call.getValue();
            if (unavailable == null) {
                ArrayNode items = JsonNodeFactory.instance.arrayNode();
                for (int i : indexes) {
                    items.addObject().put("id", targets[i].id()).put("manage_stock", true)
                            .put("stock_quantity", updates.get(i).quantity());
                }
                try {
                    ArrayNode answer = api.batchUpdate(connectorId, settings, call.getKey(), items);
                    anyAnswered = true;
                    record(answer, indexes, updates, targets, results);
                    continue;
                } catch (MarketplaceRefusedException e) {
                    anyAnswered = true;
                    for (int i : indexes) {
                        results[i] = StockPushResult.refused(updates.get(i), e.getMessage());
                    }
                    continue;
                } catch (TransientMarketplaceException e) {
                    if (!anyAnswered) {
                        throw e;
                    }
                    unavailable = e.getMessage();
                }
            }
            for (int i : indexes) {
                results[i] = StockPushResult.retry(updates.get(i), unavailable);
            }
        }
        return Arrays.asList(results);
    }

    /** The quantity WooCommerce shows for the listing; empty when the product does not manage its stock. */
    OptionalInt listedQuantity(String connectorId, ConnectorSettings settings, Listing listing) {
        Target target = Target.of(listing);
        JsonNode resource = api.resource(connectorId, settings, target.path(), "id,manage_stock,stock_quantity");
        return quantity(resource.get("stock_quantity"));
    }

    /**
     * Every product with a SKU, and every variation with a SKU of its own: a variation without one shows its
     * parent's SKU, which is the parent's listing, not the variation's. A variable product is a listing of its own
     * only when it manages the stock its variations share. Grouped and external products hold no stock.
     */
    List<Listing> importListings(String connectorId, ConnectorSettings settings) {
        List<Listing> listings = new ArrayList<>();
        for (int page = 1; ; page++) {
            WooCommerceApi.ResourcePage products =
                    api.resources(connectorId, settings, "products", page, "id,type,sku,manage_stock");
            for (JsonNode product : products.items()) {
                String id = PayloadJson.text(product, "id");
                String sku = PayloadJson.text(product, "sku");
                String type = PayloadJson.text(product, "type");
                if (id == null) {
                    continue;
                }
                if ("variable".equals(type)) {
                    if (sku != null && product.path("manage_stock").asBoolean(false)) {
                        listings.add(new Listing(connectorId, sku, Map.of(PRODUCT_ID, id)));
                    }
                    listings.addAll(variations(connectorId, settings, id, sku));
                } else if (sku != null && !WITHOUT_STOCK.contains(type)) {
                    listings.add(new Listing(connectorId, sku, Map.of(PRODUCT_ID, id)));
                }
            }
            if (products.items().isEmpty() || !products.hasNext(page)) {
                return listings;
            }
        }
    }

    private List<Listing> variations(String connectorId, ConnectorSettings settings, String productId, String parentSku) {
        List<Listing> listings = new ArrayList<>();
        String collection = "products/" + productId + "/variations";
        for (int page = 1; ; page++) {
            WooCommerceApi.ResourcePage variations = api.resources(connectorId, settings, collection, page, "id,sku");
            for (JsonNode variation : variations.items()) {
                String id = PayloadJson.text(variation, "id");
                String sku = PayloadJson.text(variation, "sku");
                if (id != null && sku != null && !sku.equals(parentSku)) {
                    listings.add(new Listing(connectorId, sku, Map.of(PRODUCT_ID, productId, VARIATION_ID, id)));
                }
            }
            if (variations.items().isEmpty() || !variations.hasNext(page)) {
                return listings;
            }
        }
    }

    /**
     * Pairs the batch answer's entries with the updates of the call: by position, as WooCommerce answers, unless the
     * answer does not line up (a plugin dropped or reordered entries), then by id; an update without an entry is
     * retried, since whether it was saved is unknown.
     */
    private static void record(ArrayNode answer, List<Integer> indexes, List<StockUpdate> updates, Target[] targets,
            StockPushResult[] results) {
        boolean inOrder = answer.size() == indexes.size();
        for (int k = 0; inOrder && k < answer.size(); k++) {
            long id = answer.get(k).path("id").asLong(0);
            inOrder = id == 0 || id == targets[indexes.get(k)].id();
        }
        List<JsonNode> unmatched = new ArrayList<>();
        answer.forEach(unmatched::add);
        for (int k = 0; k < indexes.size(); k++) {
            int i = indexes.get(k);
            JsonNode entry = inOrder ? answer.get(k) : take(unmatched, targets[i].id());
            results[i] = entry == null
                    ? StockPushResult.retry(updates.get(i), "WooCommerce's batch answer has no entry for " + targets[i])
                    : outcome(updates.get(i), targets[i], entry);
        }
    }

    private static JsonNode take(List<JsonNode> entries, long id) {
        for (int k = 0; k < entries.size(); k++) {
            if (entries.get(k).path("id").asLong(0) == id) {
                return entries.remove(k);
            }
        }
        return null;
    }

    private static StockPushResult outcome(StockUpdate update, Target target, JsonNode entry) {
        JsonNode error = entry.get("error");
        if (error != null && error.isObject()) {
            int status = error.path("data").path("status").asInt(0);
            String detail = "WooCommerce refused the stock of " + target + ": " + error.path("code").asText("")
                    + " " + error.path("message").asText("") + " (" + status + ")";
            // an item's own 5xx is the site failing to save it (a database error), not the item being wrong
            return status >= 500 || status == 429 || status == 408
                    ? StockPushResult.retry(update, detail)
                    : StockPushResult.refused(update, detail);
        }
        if (!entry.has("stock_quantity")) {
            return StockPushResult.applied(update);
        }
        OptionalInt shown = quantity(entry.get("stock_quantity"));
        if (shown.isPresent() && shown.getAsInt() == update.quantity()) {
            return StockPushResult.applied(update);
        }
        return StockPushResult.refused(update, "WooCommerce saved " + target + " but shows stock_quantity "
                + entry.get("stock_quantity") + " (manage_stock " + entry.path("manage_stock")
                + ") instead of " + update.quantity() + ": its product type may not keep stock");
    }

    private static OptionalInt quantity(JsonNode value) {
        if (value == null || value.isNull()) {
            return OptionalInt.empty();
        }
        if (value.isNumber()) {
            return OptionalInt.of(value.asInt());
        }
        String text = value.asText().trim();
        return text.matches("-?\\d{1,9}") ? OptionalInt.of(Integer.parseInt(text)) : OptionalInt.empty();
    }

    /** The product or variation a listing names, checked to be WooCommerce ids before anything is sent. */
    private record Target(String productId, String variationId) {

        static Target of(Listing listing) {
            String product = listing.requiredId(PRODUCT_ID);
            String variation = listing.ids().get(VARIATION_ID);
            check(listing, PRODUCT_ID, product);
            if (variation == null || variation.isBlank()) {
                return new Target(product, null);
            }
            check(listing, VARIATION_ID, variation);
            return new Target(product, variation);
        }

        private static void check(Listing listing, String name, String value) {
            if (!WOO_ID.matcher(value).matches()) {
                throw new MarketplaceRefusedException(0, "listing of " + listing.sku() + " on " + listing.connectorId()
                        + ": " + name + " '" + value + "' is not a WooCommerce id (a positive integer)");
            }
        }

        long id() {
            return Long.parseLong(variationId != null ? variationId : productId);
        }

        /** The batch endpoint's collection. */
        String collection() {
            return variationId != null ? "products/" + productId + "/variations" : "products";
        }

        String path() {
            return collection() + "/" + id();
        }

        @Override
        public String toString() {
            return variationId != null ? "variation " + variationId + " of product " + productId : "product " + productId;
        }
    }
}
