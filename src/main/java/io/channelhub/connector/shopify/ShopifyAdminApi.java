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
 * The Admin REST API calls reconciliation makes: the orders changed since a time, 250 a page by default, following
 * the {@code Link: <...page_info=...>; rel="next"} header (Shopify refuses filters next to page_info, so only the first
 * request carries {@code updated_at_min}). Paced by {@code X-Shopify-Shop-Api-Call-Limit}: when the leaky bucket is
 * nearly full we wait for it to drain instead of running into 429s. Options: {@code api-base-url} (the shop, e.g.
 * https://example.myshopify.com), {@code access-token} (sent as X-Shopify-Access-Token), {@code api-version}
 * (default {@value #DEFAULT_API_VERSION}), {@code page-size} (default 250, Shopify's maximum) and
 * {@code api-leak-rate} (requests per second the bucket drains, default 2: the standard plan).
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
        String version = settings.option("api-version", DEFAULT_API_VERSION);
        String shop = settings.requiredOption(connectorId, "api-base-url");
        if (nextLink != null && !nextLink.startsWith(shop + "/")) {
            // the access token goes with the request: never to another host than the configured shop
            throw new IllegalStateException("Shopify's next-page link leaves the shop " + shop + ": " + nextLink);
        }
        String url = nextLink != null ? nextLink
                : shop + "/admin/api/" + version
                        + "/orders.json?status=any&limit=" + settings.option("page-size", "250")
                        + "&updated_at_min=" + URLEncoder.encode(since.truncatedTo(ChronoUnit.SECONDS).toString(), StandardCharsets.UTF_8);
        HttpResponse<String> response = http.poll(MarketplaceHttp.request(url)
                .header("X-Shopify-Access-Token", settings.requiredOption(connectorId, "access-token"))
                .header("Accept", "application/json").GET().build(), "Shopify list orders");
        versions.observe(connectorId, version, response.headers().firstValue("X-Shopify-API-Version").orElse(null),
                response.headers().firstValue("X-Shopify-API-Deprecated-Reason").orElse(null));
        List<PolledOrder> orders = new ArrayList<>();
        for (JsonNode order : PayloadJson.object(json, response.body().getBytes(StandardCharsets.UTF_8), "Shopify orders page")
                .path("orders")) {
            orders.add(new PolledOrder(order.path("id").asText(), POLLED_EVENT_TYPE, bytes(order)));
        }
        paceByCallLimit(response, settings);
        return new PolledPage(orders, nextLink(response));
    }

    private static String nextLink(HttpResponse<String> response) {
        for (String link : response.headers().allValues("Link")) {
            Matcher next = NEXT_LINK.matcher(link);
            if (next.find()) {
                return next.group(1);
            }
        }
        return null;
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
