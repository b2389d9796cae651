package io.channelhub.connector.shopify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.MarketplaceApiVersions;
import io.channelhub.connector.MarketplaceHttp;
import io.channelhub.connector.PayloadJson;
import io.channelhub.connector.PolledOrder;
import io.channelhub.connector.PolledPage;
import io.channelhub.connector.TransientMarketplaceException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Calls to one shop's Admin REST API, and the reconciliation call itself: the orders changed since a time, 250 a page
 * by default, following the {@code Link: <...page_info=...>; rel="next"} header (Shopify refuses filters next to
 * page_info, so only the first request carries {@code updated_at_min}). Every call, the inventory calls of
 * {@link ShopifyInventoryApi} included, goes through here: it carries the access token, reports the version served
 * and is paced by {@code X-Shopify-Shop-Api-Call-Limit} (when the shop's leaky bucket is nearly full we wait for it
 * to drain instead of running into 429s; the bucket is per shop, so all calls must share the pacing). Options:
 * {@code api-base-url} (the shop, e.g. https://example.myshopify.com), {@code access-token} (sent as
 * X-Shopify-Access-Token), {@code api-version} (default {@value #DEFAULT_API_VERSION}), {@code page-size} (default
 * 250, Shopify's maximum) and {@code api-leak-rate} (requests per second the bucket drains, default 2: the standard
 * plan).
 */
@Component
public class ShopifyAdminApi {

    static final String DEFAULT_API_VERSION = "2026-07";
    static final String POLLED_EVENT_TYPE = "orders/updated";
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
    /** Calls kept free in the bucket: another app of the same shop may be calling too. */
    private static final int BUCKET_HEADROOM = 4;

    private final MarketplaceHttp http;
    private final ObjectMapper json;
    private final MarketplaceApiVersions versions;

    public ShopifyAdminApi(MarketplaceHttp http, ObjectMapper json, MarketplaceApiVersions versions) {
        this.http = http;
        this.json = json;
        this.versions = versions;
    }

    PolledPage ordersChangedSince(String connectorId, ConnectorSettings settings, Instant since, String nextLink) {
        HttpResponse<String> response = nextLink != null
                ? follow(connectorId, settings, nextLink, "Shopify list orders")
                : get(connectorId, settings, "orders.json?status=any&limit=" + pageSize(settings) + "&updated_at_min="
                        + URLEncoder.encode(since.truncatedTo(ChronoUnit.SECONDS).toString(), StandardCharsets.UTF_8),
                        "Shopify list orders");
        List<PolledOrder> orders = new ArrayList<>();
        for (JsonNode order : body(response, "Shopify orders page").path("orders")) {
            orders.add(new PolledOrder(order.path("id").asText(), POLLED_EVENT_TYPE, bytes(order)));
        }
        return new PolledPage(orders, nextLink(response));
    }

    /** GET of a resource under the shop's versioned Admin API, e.g. {@code inventory_levels.json?...}. */
    HttpResponse<String> get(String connectorId, ConnectorSettings settings, String resource, String what) {
        return exchange(connectorId, settings, MarketplaceHttp.request(apiUrl(connectorId, settings, resource)).GET(), what);
    }

    /** GET of a next-page link Shopify gave in a {@code Link} header. */
    HttpResponse<String> follow(String connectorId, ConnectorSettings settings, String nextLink, String what) {
        String shop = settings.requiredOption(connectorId, "api-base-url");
        if (!nextLink.startsWith(shop + "/")) {
            // the access token goes with the request: never to another host than the configured shop
            throw new IllegalStateException("Shopify's next-page link leaves the shop " + shop + ": " + nextLink);
        }
        return exchange(connectorId, settings, MarketplaceHttp.request(nextLink).GET(), what);
    }

    /** POST of a JSON body to a resource under the shop's versioned Admin API. */
    HttpResponse<String> post(String connectorId, ConnectorSettings settings, String resource, JsonNode body, String what) {
        return exchange(connectorId, settings, MarketplaceHttp.request(apiUrl(connectorId, settings, resource))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)), what);
    }

    /** The answer's body as a JSON object. */
    JsonNode body(HttpResponse<String> response, String what) {
        return PayloadJson.object(json, response.body().getBytes(StandardCharsets.UTF_8), what);
    }

    static String pageSize(ConnectorSettings settings) {
        return settings.option("page-size", "250");
    }

    static String nextLink(HttpResponse<String> response) {
        for (String link : response.headers().allValues("Link")) {
            Matcher next = NEXT_LINK.matcher(link);
            if (next.find()) {
                return next.group(1);
            }
        }
        return null;
    }

    /**
     * Sends through {@link MarketplaceHttp#poll}, which returns the headers the pacing needs and waits out a 429 as
     * long as Shopify asks: a 429 from the leaky bucket is Shopify pacing us (Retry-After of a second or two), and
     * none of these calls has a sender waiting on it.
     */
    private HttpResponse<String> exchange(String connectorId, ConnectorSettings settings, HttpRequest.Builder request,
            String what) {
        String version = version(settings);
        HttpResponse<String> response = http.poll(request
                .header("X-Shopify-Access-Token", settings.requiredOption(connectorId, "access-token"))
                .header("Accept", "application/json").build(), what);
        versions.observe(connectorId, version, response.headers().firstValue("X-Shopify-API-Version").orElse(null),
                response.headers().firstValue("X-Shopify-API-Deprecated-Reason").orElse(null));
        paceByCallLimit(response, settings);
        return response;
    }

    private static String apiUrl(String connectorId, ConnectorSettings settings, String resource) {
        return settings.requiredOption(connectorId, "api-base-url") + "/admin/api/" + version(settings) + "/" + resource;
    }

    private static String version(ConnectorSettings settings) {
        return settings.option("api-version", DEFAULT_API_VERSION);
    }

    /** Waits while the shop's bucket is within {@value #BUCKET_HEADROOM} calls of full. */
    private static void paceByCallLimit(HttpResponse<String> response, ConnectorSettings settings) {
        String callLimit = response.headers().firstValue("X-Shopify-Shop-Api-Call-Limit").orElse(null);
        if (callLimit == null || !callLimit.contains("/")) {
            return;
        }
        try {
            int used = Integer.parseInt(callLimit.substring(0, callLimit.indexOf('/')).trim());
            int size = Integer.parseInt(callLimit.substring(callLimit.indexOf('/') + 1).trim());
            int over = used - (size - BUCKET_HEADROOM);
            if (over > 0) {
                double leakPerSecond = Double.parseDouble(settings.option("api-leak-rate", "2"));
                Thread.sleep(Duration.ofMillis((long) (over * 1000 / leakPerSecond)).toMillis());
            }
        } catch (NumberFormatException ignored) {
            // an unreadable header only costs us the pacing; a 429 will still be waited out
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientMarketplaceException("interrupted while pacing Shopify calls", e);
        }
    }

    private byte[] bytes(JsonNode order) {
        try {
            return json.writeValueAsBytes(order);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
