package io.channelhub.connector.woocommerce;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.MarketplaceHttp;
import io.channelhub.connector.TransientMarketplaceException;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;
import org.springframework.stereotype.Component;

/**
 * The WooCommerce REST API (v3) calls the connector makes, authenticated with HTTP Basic auth (the REST API key's
 * consumer key and secret). Options: {@code api-base-url} (the site's address, e.g. {@code https://shop.example.de}),
 * {@code consumer-key}, {@code consumer-secret}. Orders are read with the key's read access; stock is written with
 * its write access (a read-only key gets 401 on every stock push).
 */
@Component
public class WooCommerceApi {

    /** The largest page WooCommerce serves (its {@code per_page} maximum). */
    static final int PAGE_SIZE = 100;
    /**
     * A batch saves every product in one PHP request, each save with its hooks and cache clearing: on a slow host
     * that runs well past the shared 10-second timeout, and giving up early would leave a write whose outcome is
     * unknown.
     */
    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(60);
    private static final String REST_BASE = "/wp-json/wc/v3/";
    private static final DateTimeFormatter GMT_WITHOUT_OFFSET =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final MarketplaceHttp http;
    private final ObjectMapper json;

    public WooCommerceApi(MarketplaceHttp http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    /**
     * {@code GET /wp-json/wc/v3/orders}: page {@code page} (1-based) of the orders modified at or after
     * {@code since}, oldest-created first.
     */
    OrdersPage ordersModifiedSince(String connectorId, ConnectorSettings settings, Instant since, int page) {
        String url = apiBase(connectorId, settings) + "orders?modified_after=" + encode(modifiedAfter(since))
                + "&dates_are_gmt=true&orderby=date&order=asc&page=" + page + "&per_page=" + PAGE_SIZE;
        HttpResponse<String> response = http.poll(MarketplaceHttp.request(url)
                .header("Authorization", basicAuth(connectorId, settings))
                .header("Accept", "application/json").GET().build(), "WooCommerce list orders page " + page);
        return new OrdersPage(objects(response.body()), totalPages(response));
    }

    /**
     * {@code POST /wp-json/wc/v3/<collection>/batch} with {@code {"update": [...]}}: WooCommerce applies each update
     * on its own and answers 200 with {@code {"update": [...]}}, in the order sent, each entry either the updated
     * resource or {@code {"id": .., "error": {"code", "message", "data": {"status"}}}}.
     *
     * @param collection e.g. {@code products} or {@code products/12/variations}
     * @return the answer's {@code update} array; empty when WooCommerce answered without one
     * @throws TransientMarketplaceException when the call failed as a whole and may succeed later
     * @throws io.channelhub.connector.MarketplaceRefusedException when WooCommerce refused the call as a whole
     */
    ArrayNode batchUpdate(String connectorId, ConnectorSettings settings, String collection, ArrayNode updates) {
        String url = apiBase(connectorId, settings) + collection + "/batch";
        String body = json.createObjectNode().set("update", updates).toString();
        String what = "WooCommerce batch update of " + collection;
        String answer = http.send(MarketplaceHttp.request(url).timeout(BATCH_TIMEOUT)
                .header("Authorization", basicAuth(connectorId, settings))
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), what);
        JsonNode tree = tree(answer, what);
        JsonNode update = tree.path("update");
        // WordPress answers an empty batch (nothing it could read as updates) with [] rather than an object
        return update.isArray() ? (ArrayNode) update : json.createArrayNode();
    }

    /**
     * {@code GET /wp-json/wc/v3/<path>?_fields=..}: one product or variation, with only the fields named (WordPress
     * leaves the others out of the answer).
     */
    JsonNode resource(String connectorId, ConnectorSettings settings, String path, String fields) {
        String url = apiBase(connectorId, settings) + path + "?_fields=" + encode(fields);
        String what = "WooCommerce get " + path;
        HttpResponse<String> response = http.poll(MarketplaceHttp.request(url)
                .header("Authorization", basicAuth(connectorId, settings))
                .header("Accept", "application/json").GET().build(), what);
        JsonNode tree = tree(response.body(), what);
        if (!tree.isObject()) {
            throw new TransientMarketplaceException(what + " answered something that is not a JSON object");
        }
        return tree;
    }

    /**
     * {@code GET /wp-json/wc/v3/<collection>?per_page=100&page=N&orderby=id&order=asc&_fields=..}: page {@code page}
     * (1-based) of a product or variation list, in id order so that pages do not shift under products edited during
     * the read.
     */
    ResourcePage resources(String connectorId, ConnectorSettings settings, String collection, int page, String fields) {
        String url = apiBase(connectorId, settings) + collection + "?per_page=" + PAGE_SIZE + "&page=" + page
                + "&orderby=id&order=asc&_fields=" + encode(fields);
        String what = "WooCommerce list " + collection + " page " + page;
        HttpResponse<String> response = http.poll(MarketplaceHttp.request(url)
                .header("Authorization", basicAuth(connectorId, settings))
                .header("Accept", "application/json").GET().build(), what);
        JsonNode tree = tree(response.body(), what);
        if (!tree.isArray()) {
            throw new TransientMarketplaceException(what + " answered something that is not a JSON array "
                    + "(is api-base-url the WordPress site's address?)");
        }
        List<JsonNode> items = new ArrayList<>();
        tree.forEach(items::add);
        return new ResourcePage(items, totalPages(response));
    }

    /**
     * The bound for {@code modified_after}: UTC without an offset, read as GMT because of {@code dates_are_gmt}.
     * WordPress converts a bound that carries an offset (even {@code Z}) into the site's time zone before
     * comparing it with the GMT column, so an offset would shift the window by the site's UTC offset.
     * {@code modified_after} is exclusive and WooCommerce keeps whole seconds, so the bound is one second before
     * {@code since}'s second: an order changed in that very second is listed (a repeat at worst).
     */
    static String modifiedAfter(Instant since) {
        // always with seconds: LocalDateTime.toString drops ":00", which WordPress refuses as a date-time
        return GMT_WITHOUT_OFFSET.format(since.truncatedTo(ChronoUnit.SECONDS).minusSeconds(1));
    }

    private static OptionalInt totalPages(HttpResponse<String> response) {
        return response.headers().firstValue("X-WP-TotalPages").map(String::trim)
                .filter(value -> value.matches("\\d+")).map(value -> OptionalInt.of(Integer.parseInt(value)))
                .orElse(OptionalInt.empty());
    }

    private static String apiBase(String connectorId, ConnectorSettings settings) {
        return settings.requiredOption(connectorId, "api-base-url").replaceAll("/+$", "") + REST_BASE;
    }

    private JsonNode tree(String body, String what) {
        try {
            JsonNode tree = json.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw new TransientMarketplaceException(what + " answered with an empty body");
            }
            return tree;
        } catch (JsonProcessingException e) {
            // a PHP notice or a caching plugin's page in front of the JSON: the site's problem, maybe passing
            throw new TransientMarketplaceException(what + " answered with something that is not JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static String basicAuth(String connectorId, ConnectorSettings settings) {
        String credentials = settings.requiredOption(connectorId, "consumer-key") + ":"
                + settings.requiredOption(connectorId, "consumer-secret");
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Each element of the JSON array, as the exact text WooCommerce sent (so a polled order is byte for byte what
     * its API returned, numbers and all), without building a tree of the whole page.
     */
    private List<byte[]> objects(String array) {
        List<byte[]> objects = new ArrayList<>();
        try (JsonParser parser = json.getFactory().createParser(array)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new TransientMarketplaceException("WooCommerce answered the order list with something that is "
                        + "not a JSON array (is api-base-url the WordPress site's address?)");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                int start = (int) parser.currentTokenLocation().getCharOffset();
                parser.skipChildren();
                int end = (int) parser.currentTokenLocation().getCharOffset() + 1;
                objects.add(array.substring(start, end).getBytes(StandardCharsets.UTF_8));
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new TransientMarketplaceException("WooCommerce's order list holds something that is not an order");
            }
        } catch (IOException e) {
            throw new TransientMarketplaceException("WooCommerce's order list is not valid JSON: " + e.getMessage(), e);
        }
        return objects;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * One page of the order list.
     *
     * @param orders     each order's JSON, as WooCommerce sent it
     * @param totalPages the query's page count from {@code X-WP-TotalPages}; empty when a proxy dropped the header
     */
    record OrdersPage(List<byte[]> orders, OptionalInt totalPages) {
    }

    /**
     * One page of a product or variation list.
     *
     * @param items      each resource, with the fields asked for
     * @param totalPages the list's page count from {@code X-WP-TotalPages}; empty when a proxy dropped the header
     */
    record ResourcePage(List<JsonNode> items, OptionalInt totalPages) {

        /** Whether a page follows this one; without the header a full page is taken to have another after it. */
        boolean hasNext(int page) {
            return totalPages.isPresent() ? page < totalPages.getAsInt() : items.size() >= PAGE_SIZE;
        }
    }
}
