package io.channelhub.simulator;

/** One simulator of each marketplace per test JVM, shared by the hubs the tests start. */
public final class Simulators {

    private static AmazonSimulator amazon;
    private static EbaySimulator ebay;
    private static BolSimulator bol;
    private static ShopifySimulator shopify;
    private static WooCommerceSimulator woocommerce;

    private Simulators() {
    }

    public static synchronized ShopifySimulator shopify() {
        if (shopify == null) {
            shopify = ShopifySimulator.start();
        }
        return shopify;
    }

    public static synchronized BolSimulator bol() {
        if (bol == null) {
            bol = BolSimulator.start();
        }
        return bol;
    }

    public static synchronized WooCommerceSimulator woocommerce() {
        if (woocommerce == null) {
            woocommerce = WooCommerceSimulator.start();
        }
        return woocommerce;
    }

    public static synchronized EbaySimulator ebay() {
        if (ebay == null) {
            ebay = EbaySimulator.start();
        }
        return ebay;
    }

    public static synchronized AmazonSimulator amazon() {
        if (amazon == null) {
            amazon = AmazonSimulator.start();
        }
        return amazon;
    }
}
