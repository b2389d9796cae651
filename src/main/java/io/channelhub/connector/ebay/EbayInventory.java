package io.channelhub.connector.ebay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.Listing;
import io.channelhub.connector.MarketplaceRefusedException;
import io.channelhub.connector.PayloadJson;
import io.channelhub.connector.StockPushResult;
import io.channelhub.connector.StockPushResult.Outcome;
import io.channelhub.connector.StockUpdate;
import io.channelhub.connector.TransientMarketplaceException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seller's eBay inventory as stock sync sees it, through the Inventory API: quantities set with
 * bulkUpdatePriceQuantity (both the inventory item's total ship-to-home quantity and the offer's available quantity,
 * since eBay lists the smaller of the two), read back from the offer and its inventory item, and the published
 * offers listed for import. A listing names its offer ({@code offerId}) and eBay's inventory item SKU
 * ({@code sku}), which defaults to our SKU when left out.
 */
final class EbayInventory {

    /** bulkUpdatePriceQuantity takes at most 25 requests (and 25 offers) a call. */
    static final int MAX_BATCH = 25;
    /** getInventoryItems takes a limit of 1 to 100 (some versions of its documentation allow 200). */
    static final int ITEMS_PAGE_SIZE = 100;

    private static final Logger log = LoggerFactory.getLogger(EbayInventory.class);

    private final EbayApi api;
    private final ObjectMapper json;

    EbayInventory(EbayApi api, ObjectMapper json) {
        this.api = api;
        this.json = json;
    }

    /** eBay's inventory item SKU of a listing: its own {@code sku} id, else our SKU (the usual case). */
    static String ebaySku(Listing listing) {
        String sku = listing.ids().get("sku");
        return sku == null || sku.isBlank() ? listing.sku() : sku;
    }

    List<StockPushResult> push(String connectorId, ConnectorSettings settings, List<StockUpdate> updates) {
        if (updates.size() > MAX_BATCH) {
            throw new IllegalArgumentException("eBay takes at most " + MAX_BATCH + " stock updates a call, not " + updates.size());
        }
        StockPushResult[] results = new StockPushResult[updates.size()];
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            StockUpdate update = updates.get(i);
            try {
                targets.add(new Target(i, update, update.listing().requiredId("offerId"), ebaySku(update.listing())));
            } catch (MarketplaceRefusedException noOffer) {
                results[i] = StockPushResult.refused(update, noOffer.getMessage());
            }
        }
        if (!targets.isEmpty()) {
            List<StockPushResult> pushed = pushTargets(connectorId, settings, targets);
            for (int t = 0; t < targets.size(); t++) {
                results[targets.get(t).index()] = pushed.get(t);
            }
        }
        return List.of(results);
    }

    /** One result per target, in order; a call eBay refuses as a whole is split so only the bad update is refused. */
    private List<StockPushResult> pushTargets(String connectorId, ConnectorSettings settings, List<Target> targets) {
        JsonNode answer;
        try {
            answer = api.bulkUpdatePriceQuantity(connectorId, settings, body(targets));
        } catch (MarketplaceRefusedException refused) {
            if (targets.size() == 1) {
                return List.of(StockPushResult.refused(targets.get(0).update(), refused.getMessage()));
            }
            log.warn("eBay refused a stock batch of {} on connector {} as a whole ({}); pushing each update alone",
                    targets.size(), connectorId, refused.status());
            List<StockPushResult> alone = new ArrayList<>();
            for (Target target : targets) {
                alone.addAll(pushTargets(connectorId, settings, List.of(target)));
            }
            return alone;
        }
        List<ItemAnswer> items = new ArrayList<>();
        for (JsonNode response : answer.path("responses")) {
            items.add(ItemAnswer.of(response));
        }
        return targets.stream().map(target -> result(target, items)).toList();
    }

    /**
     * One request per eBay SKU, with an offer node per listing of it: eBay refuses the same offer twice in a request,
     * and the SKU's total quantity is set to the largest quantity pushed for it, so that each offer advertises its own
     * (eBay lists the smaller of the total and the offer's). Should the batch hold one offer twice, the later
     * quantity is the one sent.
     */
    private JsonNode body(List<Target> targets) {
        Map<String, Map<String, Integer>> bySku = new LinkedHashMap<>();
        for (Target target : targets) {
            bySku.computeIfAbsent(target.sku(), unused -> new LinkedHashMap<>()).put(target.offerId(), target.update().quantity());
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode requests = body.putArray("requests");
        bySku.forEach((sku, offers) -> {
            ObjectNode request = requests.addObject();
            request.put("sku", sku);
            request.putObject("shipToLocationAvailability").put("quantity", offers.values().stream().mapToInt(Integer::intValue).max().orElse(0));
            ArrayNode offerNodes = request.putArray("offers");
            offers.forEach((offerId, quantity) -> offerNodes.addObject().put("offerId", offerId).put("availableQuantity", quantity));
        });
        return body;
    }

    /**
     * An update is applied when eBay answered 2xx for its offer and nothing worse for its SKU as a whole (an answer
     * without an offerId is about the inventory item's total). The worst answer wins: a refusal over a retry.
     */
    private static StockPushResult result(Target target, List<ItemAnswer> items) {
        ItemAnswer worstForOffer = null;
        ItemAnswer worstForSku = null;
        for (ItemAnswer item : items) {
            if (target.offerId().equals(item.offerId())) {
                worstForOffer = ItemAnswer.worse(worstForOffer, item);
            } else if (item.offerId() == null && target.sku().equals(item.sku())) {
                worstForSku = ItemAnswer.worse(worstForSku, item);
            }
        }
        ItemAnswer worst = ItemAnswer.worse(worstForOffer, worstForSku);
        if (worst == null) {
            return StockPushResult.retry(target.update(), "eBay's answer did not mention offer " + target.offerId());
        }
        if (worst.outcome() != Outcome.APPLIED) {
            return new StockPushResult(target.update(), worst.outcome(), worst.detail());
        }
        if (worstForOffer == null) {
            return StockPushResult.retry(target.update(), "eBay updated SKU " + target.sku() + " but did not confirm offer "
                    + target.offerId());
        }
        return StockPushResult.applied(target.update());
    }

    /**
     * What the offer's listing shows: the smaller of the offer's availableQuantity and its inventory item's
     * ship-to-home quantity; empty for an offer eBay does not know or that is not published (no listing shows it).
     */
    OptionalInt listedQuantity(String connectorId, ConnectorSettings settings, Listing listing) {
        String offerId = listing.requiredId("offerId");
        Optional<JsonNode> offer = api.inventoryResource(connectorId, settings, "/offer/" + EbayApi.pathSegment(offerId),
                "eBay getOffer " + offerId);
        if (offer.isEmpty() || !"PUBLISHED".equals(PayloadJson.text(offer.get(), "status"))
                || !offer.get().path("availableQuantity").canConvertToInt()) {
            return OptionalInt.empty();
        }
        int quantity = offer.get().path("availableQuantity").asInt();
        String sku = PayloadJson.text(offer.get(), "sku");
        if (sku != null) {
            JsonNode total = api.inventoryResource(connectorId, settings, "/inventory_item/" + EbayApi.pathSegment(sku),
                            "eBay getInventoryItem " + sku)
                    .map(item -> item.path("availability").path("shipToLocationAvailability").path("quantity"))
                    .orElse(null);
            if (total != null && total.canConvertToInt()) {
                quantity = Math.min(quantity, total.asInt());
            }
        }
        return OptionalInt.of(quantity);
    }

    /**
     * Every published offer of every inventory item, as a listing of the item's SKU (taken to be ours): the inventory
     * items page by page (getInventoryItems, following eBay's {@code next} link), then each SKU's offers (getOffers).
     * Unpublished offers are left out: bulkUpdatePriceQuantity does not update them.
     */
    List<Listing> importListings(String connectorId, ConnectorSettings settings) {
        List<Listing> listings = new ArrayList<>();
        Set<String> skus = new HashSet<>();
        forEachPage(connectorId, settings, "/inventory_item", "limit=" + ITEMS_PAGE_SIZE + "&offset=0", "inventoryItems",
                item -> {
                    String sku = PayloadJson.text(item, "sku");
                    if (sku != null && skus.add(sku)) {
                        listings.addAll(publishedOffers(connectorId, settings, sku));
                    }
                });
        return listings;
    }

    private List<Listing> publishedOffers(String connectorId, ConnectorSettings settings, String sku) {
        List<Listing> listings = new ArrayList<>();
        // getOffers answers 404 for a SKU without offers (not confirmed; an empty list is read the same way)
        forEachPage(connectorId, settings, "/offer", "sku=" + EbayApi.pathSegment(sku), "offers", offer -> {
            String offerId = PayloadJson.text(offer, "offerId");
            if (offerId != null && "PUBLISHED".equals(PayloadJson.text(offer, "status"))) {
                listings.add(new Listing(connectorId, sku, Map.of("offerId", offerId, "sku", sku)));
            }
        });
        return listings;
    }

    /**
     * Reads a paged Inventory API collection. The next page is asked for with the query of eBay's {@code next} link
     * on our own base URL, so its offset is eBay's to define (its documentation calls it a page number) and the
     * token never goes to a host the link might name.
     */
    private void forEachPage(String connectorId, ConnectorSettings settings, String path, String firstQuery, String field,
            Consumer<JsonNode> each) {
        Set<String> asked = new HashSet<>();
        String query = firstQuery;
        while (query != null) {
            if (!asked.add(query)) {
                throw new TransientMarketplaceException("eBay " + path + " paging does not advance: asked for " + query + " again");
            }
            Optional<JsonNode> page = api.inventoryResource(connectorId, settings, path + "?" + query, "eBay GET " + path + "?" + query);
            if (page.isEmpty()) {
                return;
            }
            JsonNode entries = page.get().path(field);
            entries.forEach(each);
            String next = PayloadJson.text(page.get(), "next");
            query = next == null || entries.isEmpty() ? null : queryOf(next);
        }
    }

    private static String queryOf(String link) {
        try {
            String query = URI.create(link).getRawQuery();
            if (query != null && !query.isBlank()) {
                return query;
            }
        } catch (IllegalArgumentException unreadable) {
            // answered below
        }
        throw new TransientMarketplaceException("eBay answered a next link without a readable query: " + link);
    }

    /** An update in the batch: its position, the offer and eBay's SKU. */
    private record Target(int index, StockUpdate update, String offerId, String sku) {
    }

    /** One entry of {@code responses}: eBay's status for an offer (or, without offerId, for a SKU's total). */
    private record ItemAnswer(int statusCode, String sku, String offerId, Outcome outcome, String detail) {

        static ItemAnswer of(JsonNode response) {
            int status = response.path("statusCode").asInt(0);
            String sku = PayloadJson.text(response, "sku");
            String offerId = PayloadJson.text(response, "offerId");
            Outcome outcome = status / 100 == 2 ? Outcome.APPLIED
                    // a 429 or 408 for an item is eBay pacing us, not refusing the quantity
                    : status / 100 == 4 && status != 429 && status != 408 ? Outcome.REFUSED
                    : Outcome.RETRY;
            String errors = errors(response.path("errors"));
            String subject = offerId != null ? "offer " + offerId : "SKU " + sku;
            String detail = outcome == Outcome.APPLIED ? null
                    : "eBay answered " + status + " for " + subject + (errors.isEmpty() ? "" : ": " + errors);
            return new ItemAnswer(status, sku, offerId, outcome, detail);
        }

        private static String errors(JsonNode errors) {
            List<String> messages = new ArrayList<>();
            for (JsonNode error : errors) {
                String message = error.path("message").asText("");
                messages.add(error.has("errorId") ? error.path("errorId").asText() + " " + message : message);
            }
            return messages.stream().filter(m -> !m.isBlank()).collect(Collectors.joining("; "));
        }

        /** The worse of two answers (either may be null): refused over retry over applied. */
        static ItemAnswer worse(ItemAnswer a, ItemAnswer b) {
            if (a == null || b == null) {
                return a == null ? b : a;
            }
            return rank(b.outcome()) > rank(a.outcome()) ? b : a;
        }

        private static int rank(Outcome outcome) {
            return switch (outcome) {
                case APPLIED -> 0;
                case RETRY -> 1;
                case REFUSED -> 2;
            };
        }
    }
}
