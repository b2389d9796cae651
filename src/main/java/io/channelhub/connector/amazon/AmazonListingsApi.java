package io.channelhub.connector.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.Listing;
import io.channelhub.connector.MarketplaceHttp;
import io.channelhub.connector.MarketplaceRefusedException;
import io.channelhub.connector.MarketplaceUnavailableException;
import io.channelhub.connector.PayloadJson;
import io.channelhub.connector.StockPushResult;
import io.channelhub.connector.StockUpdate;
import io.channelhub.connector.TransientMarketplaceException;
import io.channelhub.connector.amazon.AmazonRateLimits.Operation;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Listings Items API (2021-08-01) for stock: the quantity a seller-fulfilled listing offers is its
 * {@code fulfillment_availability} attribute for channel {@code DEFAULT}, set with patchListingsItem, read with
 * getListingsItem, and the seller's listings are found with searchListingsItems. A listing is named by the seller's
 * SKU on Amazon ({@value #SELLER_SKU}, our SKU when the listing has none). Stock calls name one marketplace, the
 * first of option {@code marketplace-ids}, and option {@code seller-id} is the selling partner in every path.
 */
@Component
public class AmazonListingsApi {

    /** The listing id: the seller's SKU on Amazon. */
    static final String SELLER_SKU = "sellerSku";
    /** The fulfilment channel of seller-fulfilled (MFN) offers, whose quantity the seller sets. */
    static final String SELLER_FULFILLED = "DEFAULT";
    /** The generic product type, enough for a patch that touches only offer attributes. */
    static final String PRODUCT_TYPE = "PRODUCT";
    /** searchListingsItems' largest page. */
    static final int PAGE_SIZE = 20;

    private static final Logger log = LoggerFactory.getLogger(AmazonListingsApi.class);
    private static final String ITEMS_PATH = "/listings/2021-08-01/items/";
    // selling partner ids (merchant tokens, vendor codes) are letters and digits; anything else is a pasting mistake
    private static final Pattern SELLER_ID = Pattern.compile("[A-Za-z0-9]{1,64}");
    // as long as MarketplaceHttp waits out a 429: at 5 requests a second pacing never comes near it
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

    private final SellingPartnerClient client;
    private final ObjectMapper json;

    public AmazonListingsApi(SellingPartnerClient client, ObjectMapper json) {
        this.client = client;
        this.json = json;
    }

    /** Refuses a {@code seller-id} that cannot be Amazon's, and one without a marketplace to name in stock calls. */
    static void validate(String connectorId, ConnectorSettings settings) {
        String sellerId = settings.option("seller-id", "");
        if (sellerId.isBlank()) {
            return;
        }
        if (!SELLER_ID.matcher(sellerId).matches()) {
            throw new IllegalStateException("connector '" + connectorId + "': options.seller-id must be the selling "
                    + "partner id Seller Central shows (letters and digits, e.g. A2EXAMPLE1234)");
        }
        AmazonOrdersApi.marketplaceIds(connectorId, settings);
    }

    /**
     * Sets the listing's DEFAULT quantity. Amazon accepts a patch of a SKU it does not know (it starts an offer of
     * that SKU, which is not what stock sync should do), so the listing is looked up first: a 404 is refused
     * without writing anything. ACCEPTED is applied (Amazon processes the submission shortly after, and offers no
     * call to follow it up); INVALID and other 4xx answers are refused with Amazon's messages; 5xx, network failures
     * and 401/403 after a renewed token fail the whole call as transient.
     */
    StockPushResult push(String connectorId, ConnectorSettings settings, StockUpdate update) {
        String sellerSku = sellerSku(update.listing());
        String what = "Amazon listing " + sellerSku;
        try {
            getItem(connectorId, settings, sellerSku, "summaries", "Amazon getListingsItem " + sellerSku);
        } catch (MarketplaceUnavailableException e) {
            if (e.status() == 404) {
                return StockPushResult.refused(update, "Amazon has no listing with seller SKU " + sellerSku + ": "
                        + e.getMessage());
            }
            throw e;
        }
        JsonNode answer;
        try {
            answer = client.send(connectorId, settings, Operation.PATCH_LISTINGS_ITEM, LONGEST_WAIT,
                    "Amazon patchListingsItem " + sellerSku,
                    MarketplaceHttp.request(itemUrl(connectorId, settings, sellerSku))
                            .header("Content-Type", "application/json").header("Accept", "application/json")
                            .method("PATCH", HttpRequest.BodyPublishers.ofString(quantityPatch(update.quantity()))));
        } catch (MarketplaceRefusedException e) {
            return StockPushResult.refused(update, e.getMessage());
        } catch (MarketplaceUnavailableException e) {
            if (e.status() == 404) {
                return StockPushResult.refused(update, e.getMessage());
            }
            throw e;
        }
        String status = PayloadJson.text(answer, "status");
        if ("ACCEPTED".equals(status)) {
            return StockPushResult.applied(update);
        }
        if ("INVALID".equals(status)) {
            return StockPushResult.refused(update, what + " refused the quantity: " + issues(answer));
        }
        // VALID only answers a validation preview, which we never ask for; anything else is worth another try
        return StockPushResult.retry(update, what + " answered status " + status + ": " + issues(answer));
    }

    /** The DEFAULT channel's quantity as getListingsItem shows it; empty for a listing Amazon does not know or that has none. */
    OptionalInt listedQuantity(String connectorId, ConnectorSettings settings, Listing listing) {
        String sellerSku = sellerSku(listing);
        JsonNode item;
        try {
            item = getItem(connectorId, settings, sellerSku, "fulfillmentAvailability", "Amazon getListingsItem " + sellerSku);
        } catch (MarketplaceUnavailableException e) {
            if (e.status() == 404) {
                return OptionalInt.empty();
            }
            throw e;
        }
        for (JsonNode availability : item.path("fulfillmentAvailability")) {
            if (SELLER_FULFILLED.equals(PayloadJson.text(availability, "fulfillmentChannelCode"))
                    && availability.path("quantity").canConvertToInt() && availability.path("quantity").isIntegralNumber()) {
                return OptionalInt.of(availability.path("quantity").asInt());
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Every listing of the seller in the marketplace, from searchListingsItems pages oldest first. Amazon pages
     * through at most 1,000 results of one search (numberOfResults still counts them all), so when a search found
     * more than it could page through, the next search starts at the creation time of the last listing seen (the
     * bound is inclusive; listings seen twice are kept once).
     */
    List<Listing> importListings(String connectorId, ConnectorSettings settings) {
        Set<String> skus = new LinkedHashSet<>();
        Instant createdAfter = null;
        while (true) {
            SearchWindow window = searchWindow(connectorId, settings, createdAfter, skus);
            if (window.found() <= window.paged()) {
                break;
            }
            if (window.added() == 0 || window.lastCreated() == null) {
                // every listing of a whole window was created at one instant: no later bound can get past them
                throw new TransientMarketplaceException("Amazon searchListingsItems found " + window.found()
                        + " listings but pages through " + window.paged() + " created at or after " + createdAfter);
            }
            log.info("Amazon searchListingsItems for connector {} found {} listings, paged {}; searching again from {}",
                    connectorId, window.found(), window.paged(), window.lastCreated());
            createdAfter = window.lastCreated();
        }
        return skus.stream().map(sku -> new Listing(connectorId, sku, Map.of(SELLER_SKU, sku))).toList();
    }

    /** What one search (all its pages) found. */
    private record SearchWindow(int found, int paged, int added, Instant lastCreated) {
    }

    private SearchWindow searchWindow(String connectorId, ConnectorSettings settings, Instant createdAfter, Set<String> skus) {
        String base = settings.requiredOption(connectorId, "api-base-url") + ITEMS_PATH
                + SellingPartnerClient.encode(sellerId(connectorId, settings)) + "?marketplaceIds="
                + SellingPartnerClient.encode(marketplaceId(connectorId, settings))
                + "&includedData=summaries&sortBy=createdDate&sortOrder=ASC&pageSize=" + PAGE_SIZE
                + (createdAfter == null ? "" : "&createdAfter=" + SellingPartnerClient.encode(createdAfter.toString()));
        String pageToken = null;
        int found = 0;
        int paged = 0;
        int added = 0;
        Instant lastCreated = null;
        do {
            String url = pageToken == null ? base : base + "&pageToken=" + SellingPartnerClient.encode(pageToken);
            JsonNode page = client.send(connectorId, settings, Operation.SEARCH_LISTINGS_ITEMS, LONGEST_WAIT,
                    "Amazon searchListingsItems", MarketplaceHttp.request(url).header("Accept", "application/json").GET());
            found = page.path("numberOfResults").asInt(0);
            for (JsonNode item : page.path("items")) {
                paged++;
                String sku = PayloadJson.text(item, "sku");
                if (sku != null && skus.add(sku)) {
                    added++;
                }
                Instant created = created(item, marketplaceId(connectorId, settings));
                if (created != null && (lastCreated == null || created.isAfter(lastCreated))) {
                    lastCreated = created;
                }
            }
            pageToken = PayloadJson.text(page.path("pagination"), "nextToken");
        } while (pageToken != null);
        return new SearchWindow(found, paged, added, lastCreated);
    }

    private JsonNode getItem(String connectorId, ConnectorSettings settings, String sellerSku, String includedData,
            String what) {
        return client.send(connectorId, settings, Operation.GET_LISTINGS_ITEM, LONGEST_WAIT, what,
                MarketplaceHttp.request(itemUrl(connectorId, settings, sellerSku) + "&includedData=" + includedData)
                        .header("Accept", "application/json").GET());
    }

    private String itemUrl(String connectorId, ConnectorSettings settings, String sellerSku) {
        return settings.requiredOption(connectorId, "api-base-url") + ITEMS_PATH
                + SellingPartnerClient.encode(sellerId(connectorId, settings)) + "/" + SellingPartnerClient.encode(sellerSku)
                + "?marketplaceIds=" + SellingPartnerClient.encode(marketplaceId(connectorId, settings));
    }

    private String quantityPatch(int quantity) {
        ObjectNode body = json.createObjectNode();
        body.put("productType", PRODUCT_TYPE);
        ObjectNode patch = body.putArray("patches").addObject();
        patch.put("op", "replace");
        patch.put("path", "/attributes/fulfillment_availability");
        ObjectNode availability = patch.putArray("value").addObject();
        availability.put("fulfillment_channel_code", SELLER_FULFILLED);
        availability.put("quantity", quantity);
        return body.toString();
    }

    /** The issues of a submission, errors first, as "code: message" pairs. */
    private static String issues(JsonNode answer) {
        List<JsonNode> issues = new ArrayList<>();
        answer.path("issues").forEach(issues::add);
        if (issues.isEmpty()) {
            return "no issues given";
        }
        return issues.stream()
                .sorted((a, b) -> Boolean.compare(!"ERROR".equals(a.path("severity").asText()),
                        !"ERROR".equals(b.path("severity").asText())))
                .map(issue -> issue.path("code").asText("?") + ": " + issue.path("message").asText(""))
                .collect(Collectors.joining("; "));
    }

    /** The listing's creation time in the marketplace (or in any, when its summary there is missing). */
    private static Instant created(JsonNode item, String marketplaceId) {
        JsonNode summary = StreamSupport.stream(item.path("summaries").spliterator(), false)
                .filter(s -> marketplaceId.equals(s.path("marketplaceId").asText()))
                .findFirst().orElse(item.path("summaries").path(0));
        String created = PayloadJson.text(summary, "createdDate");
        try {
            return created == null ? null : OffsetDateTime.parse(created).toInstant();
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }

    private static String sellerSku(Listing listing) {
        String sellerSku = listing.ids().get(SELLER_SKU);
        return sellerSku == null || sellerSku.isBlank() ? listing.sku() : sellerSku;
    }

    private static String sellerId(String connectorId, ConnectorSettings settings) {
        return settings.requiredOption(connectorId, "seller-id");
    }

    private static String marketplaceId(String connectorId, ConnectorSettings settings) {
        return AmazonOrdersApi.marketplaceIds(connectorId, settings).get(0);
    }
}
