package io.channelhub.support;

import io.channelhub.simulator.AmazonSimulator;
import io.channelhub.simulator.BolSimulator;
import io.channelhub.simulator.EbaySimulator;
import io.channelhub.simulator.ShopifySimulator;
import io.channelhub.simulator.Simulators;
import io.channelhub.simulator.WooCommerceSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The settings every hub started by a test runs with: free ports, known secrets, short retries. */
public final class TestHubSettings {

    public static final String SECRET = "test-shopify-secret";
    /** {@code hub.ops.token}: the operator named {@code ops}. */
    public static final String OPS_TOKEN = "test-ops-token";
    /** {@code hub.ops.tokens.test-viewer}: may read, not act. */
    public static final String VIEWER_NAME = "test-viewer";
    public static final String VIEWER_TOKEN = "test-viewer-token";
    /** An operator from the credentials file ({@code hub.ops.credentials-file}). */
    public static final String FILE_OPERATOR_NAME = "file-operator";
    public static final String FILE_OPERATOR_TOKEN = "test-file-operator-token";
    /** The Shopify secret being rotated out: still accepted. */
    public static final String PREVIOUS_SECRET = "test-shopify-secret-before-rotation";
    public static final String WOO_SECRET = "test-woo-secret";
    /** A Standard Webhooks secret: whsec_ + base64 of the key bytes. */
    /** The value of the x-api-key header Amazon's EventBridge API destination is configured to send. */
    public static final String AMAZON_API_KEY = "test-amazon-eventbridge-key";
    public static final String EBAY_VERIFICATION_TOKEN = "sim-verification-token-0123456789-abcdef";
    public static final String EBAY_ENDPOINT_URL = "https://hub.example.com/webhooks/ebay";
    public static final String GENERIC_SECRET = "whsec_dGVzdC1nZW5lcmljLWtleS0zMi1ieXRlcy1sb25nISE=";

    private TestHubSettings() {
    }

    public static Map<String, String> forDataDir(Path dataDir) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("hub.data-dir", dataDir.toString());
        settings.put("hub.ingest.port", "0");
        settings.put("server.port", "0");
        settings.put("hub.kafka.embedded.port", "0");
        settings.put("hub.kafka.embedded.controller-port", "0");
        settings.put("hub.connectors.shopify.type", "shopify");
        settings.put("hub.connectors.shopify.secret", SECRET);
        settings.put("hub.connectors.shopify.previous-secret", PREVIOUS_SECRET);
        ShopifySimulator shopify = Simulators.shopify();
        settings.put("hub.connectors.shopify.options.api-base-url", shopify.baseUrl());
        settings.put("hub.connectors.shopify.options.access-token", ShopifySimulator.ACCESS_TOKEN);
        settings.put("hub.connectors.shopify.options.api-version", "2026-07");
        settings.put("hub.connectors.shopify.options.page-size", "100");
        settings.put("hub.connectors.woo.type", "woocommerce");
        settings.put("hub.connectors.woo.secret", WOO_SECRET);
        WooCommerceSimulator woo = Simulators.woocommerce();
        settings.put("hub.connectors.woo.options.api-base-url", woo.baseUrl());
        settings.put("hub.connectors.woo.options.consumer-key", WooCommerceSimulator.CONSUMER_KEY);
        settings.put("hub.connectors.woo.options.consumer-secret", WooCommerceSimulator.CONSUMER_SECRET);
        settings.put("hub.connectors.generic.type", "standard-webhooks");
        settings.put("hub.connectors.generic.secret", GENERIC_SECRET);
        AmazonSimulator amazon = Simulators.amazon();
        settings.put("hub.connectors.amazon.type", "amazon");
        settings.put("hub.connectors.amazon.secret", AMAZON_API_KEY);
        settings.put("hub.connectors.amazon.options.api-base-url", amazon.baseUrl());
        settings.put("hub.connectors.amazon.options.token-url", amazon.baseUrl() + "/auth/o2/token");
        settings.put("hub.connectors.amazon.options.client-id", AmazonSimulator.CLIENT_ID);
        settings.put("hub.connectors.amazon.options.client-secret", AmazonSimulator.CLIENT_SECRET);
        settings.put("hub.connectors.amazon.options.refresh-token", AmazonSimulator.REFRESH_TOKEN);
        settings.put("hub.connectors.amazon.options.seller-id", AmazonSimulator.SELLER_ID);
        settings.put("hub.connectors.amazon.options.marketplace-ids", AmazonSimulator.MARKETPLACE_ID);
        EbaySimulator ebay = Simulators.ebay();
        settings.put("hub.connectors.ebay.type", "ebay");
        settings.put("hub.connectors.ebay.options.api-base-url", ebay.baseUrl());
        settings.put("hub.connectors.ebay.options.client-id", EbaySimulator.CLIENT_ID);
        settings.put("hub.connectors.ebay.options.client-secret", EbaySimulator.CLIENT_SECRET);
        settings.put("hub.connectors.ebay.options.refresh-token", EbaySimulator.REFRESH_TOKEN);
        settings.put("hub.connectors.ebay.options.verification-token", EBAY_VERIFICATION_TOKEN);
        settings.put("hub.connectors.ebay.options.endpoint-url", EBAY_ENDPOINT_URL);
        BolSimulator bol = Simulators.bol();
        settings.put("hub.connectors.bol.type", "bol");
        settings.put("hub.connectors.bol.options.api-base-url", bol.baseUrl());
        settings.put("hub.connectors.bol.options.token-url", bol.baseUrl() + "/token");
        settings.put("hub.connectors.bol.options.client-id", BolSimulator.CLIENT_ID);
        settings.put("hub.connectors.bol.options.client-secret", BolSimulator.CLIENT_SECRET);
        settings.put("hub.ops.token", OPS_TOKEN);
        // slow enough that a test can cancel a bulk replay of a few dozen letters before it ends
        settings.put("hub.dead-letters.replay-rate", "20");
        // a failing probe is found in seconds, not the production 30; tests run probes through POST /ops/probe only,
        // so none lands in the middle of a test that counts every order
        settings.put("hub.probe.timeout", "5s");
        settings.put("hub.probe.interval", "1h");
        settings.put("hub.ops.tokens." + VIEWER_NAME + ".role", "viewer");
        settings.put("hub.ops.tokens." + VIEWER_NAME + ".token", VIEWER_TOKEN);
        settings.put("hub.ops.credentials-file", credentialsFile(dataDir).toString());
        // tests of several features make failed authentications from 127.0.0.1 on purpose; within one minute they
        // must not add up to a 429 for the tests after them (OpsAccessTest reaches the limit from another address)
        settings.put("hub.ops.failed-auth.limit", "50");
        // switches changed behind a hub's back (as another instance would) are followed within a second
        settings.put("hub.ops.connectors.refresh", "1s");
        settings.put("hub.processing.retry.initial-delay-ms", "100");
        settings.put("hub.processing.retry.max-delay-ms", "1000");
        // H2 in the data directory, or PostgreSQL with -Dhub.test.database=postgresql; short lock waits on both
        settings.putAll(TestDatabase.forDataDir(dataDir).springProperties());
        settings.put("camel.main.shutdown-timeout", "10");
        // runs only when a test asks (ops API) or turns the schedule on: a run at a random moment would change
        // what the tests count
        settings.put("hub.reconcile.enabled", "false");
        // likewise retention: a scheduled run between a test ageing rows and asking for a run would take its count
        settings.put("hub.retention.enabled", "false");
        // a page is tried often enough that dialled 5xx rates cannot fail a run by chance, with short waits
        settings.put("hub.reconcile.page-attempts", "6");
        settings.put("hub.reconcile.page-retry-delay", "100ms");
        // Shopify keeps one unit back: stock tests see the policy applied per connector
        settings.put("hub.stock.connectors.shopify.buffer", "1");
        settings.put("hub.stock.max-push-attempts", "1000");
        return settings;
    }

    private static Path credentialsFile(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            return Files.writeString(dataDir.resolve("ops-credentials"),
                    "# name role token\n" + FILE_OPERATOR_NAME + " operator " + FILE_OPERATOR_TOKEN + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
