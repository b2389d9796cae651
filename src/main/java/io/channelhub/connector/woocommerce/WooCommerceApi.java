package io.channelhub.connector.woocommerce;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.MarketplaceHttp;
import io.channelhub.connector.TransientMarketplaceException;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * {@code consumer-key}, {@code consumer-secret}.
 */
@Component
public class WooCommerceApi {

    /** The largest page WooCommerce serves (its {@code per_page} maximum). */
    static final int PAGE_SIZE = 100;
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
        String base = settings.requiredOption(connectorId, "api-base-url").replaceAll("/+$", "");
        String url = base + "/wp-json/wc/v3/orders?modified_after=" + encode(modifiedAfter(since))
                + "&dates_are_gmt=true&orderby=date&order=asc&page=" + page + "&per_page=" + PAGE_SIZE;
        HttpResponse<String> response = http.poll(MarketplaceHttp.request(url)
                .header("Authorization", basicAuth(connectorId, settings))
                .header("Accept", "application/json").GET().build(), "WooCommerce list orders page " + page);
        OptionalInt totalPages = response.headers().firstValue("X-WP-TotalPages").map(String::trim)
                .filter(value -> value.matches("\\d+")).map(value -> OptionalInt.of(Integer.parseInt(value)))
                .orElse(OptionalInt.empty());
        return new OrdersPage(objects(response.body()), totalPages);
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
}
