package io.channelhub.benchmark;

import io.channelhub.support.ShopifyWebhook;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Shopify {@code orders/create} webhooks of realistic size (about 2.5 KB: customer, two addresses, four line items),
 * each a new order with its own order id and event id, so that the hub has real work for every one, each body signed
 * on its own. Order {@code n} of a series has id {@code firstOrderId + n}. Not thread-safe: one generator thread.
 */
final class SignedOrderWebhooks {

    static final String TOPIC = "orders/create";
    // SKUs BENCH-SKU-1..4: no stock is counted for them, so the ledger records reservations without locking a level
    static final int LINE_ITEMS = 4;
    // everything after the order's own id and name: the same for every order of the series
    private static final byte[] REST = rest().getBytes(StandardCharsets.UTF_8);

    private final long firstOrderId;
    private final Mac mac;

    SignedOrderWebhooks(String secret, long firstOrderId) {
        this.firstOrderId = firstOrderId;
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    long orderId(long sequence) {
        return firstOrderId + sequence;
    }

    static String eventId(long orderId) {
        return "bench-" + orderId;
    }

    /** The headers Shopify sends with the webhook, its body signed. */
    Map<String, String> headers(ShopifyWebhook webhook) {
        return webhook.headersSignedWith(Base64.getEncoder().encodeToString(mac.doFinal(webhook.body())));
    }

    /** The webhook of order {@code sequence} of the series. */
    ShopifyWebhook webhook(long sequence) {
        long orderId = orderId(sequence);
        byte[] head = ("{\"id\":" + orderId + ",\"name\":\"#" + orderId % 1_000_000 + "\",\"order_number\":"
                + orderId % 1_000_000 + ",").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + REST.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(REST, 0, body, head.length, REST.length);
        return ShopifyWebhook.raw(TOPIC, eventId(orderId), body);
    }

    /** The size of a body, for the report. */
    static int bodySize() {
        return new SignedOrderWebhooks("size", 1_000_000_000L).webhook(0).body().length;
    }

    private static String rest() {
        String address = """
                {"first_name":"Anna","last_name":"de Vries","company":null,"address1":"Keizersgracht 123",\
                "address2":"3hoog","city":"Amsterdam","province":"Noord-Holland","country":"Netherlands","zip":"1015 CJ",\
                "phone":"+31201234567","country_code":"NL","province_code":"NH"}""";
        StringJoiner lines = new StringJoiner(",", "[", "]");
        for (int i = 1; i <= LINE_ITEMS; i++) {
            lines.add("""
                    {"id":%d,"variant_id":%d,"product_id":%d,"sku":"BENCH-SKU-%d","title":"Organic cotton T-shirt %d",\
                    "variant_title":"M / Forest green","vendor":"Channel Hub Apparel","quantity":%d,"price":"19.95",\
                    "grams":180,"requires_shipping":true,"taxable":true,"total_discount":"0.00"}"""
                    .formatted(1_300_000 + i, 4_400_000 + i, 7_700_000 + i, i, i, 1 + i % 3));
        }
        return """
                "email":"anna.devries@example.com","created_at":"2026-11-20T10:00:00+01:00",\
                "updated_at":"2026-11-20T10:00:05+01:00","processed_at":"2026-11-20T10:00:00+01:00","cancelled_at":null,\
                "closed_at":null,"currency":"EUR","presentment_currency":"EUR","subtotal_price":"159.60",\
                "total_tax":"27.70","total_price":"163.55","total_discounts":"0.00","financial_status":"paid",\
                "fulfillment_status":null,"gateway":"shopify_payments","source_name":"web","tags":"bench",\
                "customer":{"id":207119551,"email":"anna.devries@example.com","first_name":"Anna","last_name":"de Vries",\
                "orders_count":3,"verified_email":true,"currency":"EUR"},"billing_address":%s,"shipping_address":%s,\
                "shipping_lines":[{"title":"PostNL","price":"3.95","code":"postnl-standard"}],"line_items":%s}"""
                .formatted(address, address, lines);
    }
}
