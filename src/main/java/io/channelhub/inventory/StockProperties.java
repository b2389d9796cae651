package io.channelhub.inventory;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Stock sync settings ({@code hub.stock}).
 *
 * @param policy          the buffer policy for every listing (default: advertise everything available)
 * @param connectors      per-connector policies ({@code hub.stock.connectors.<id>.*}), over the global one
 * @param skus            per-SKU policies ({@code hub.stock.skus.<sku>.*}), over the connector's
 * @param pushIntervalMs  how often each connector's pending pushes are sent, in milliseconds; default 250
 * @param pushBatch       most listings one push round sends per connector; default 100
 * @param maxPushAttempts failed tries of one listing's push before it becomes a dead letter; default 10
 * @param leaseDuration   how long an instance holds a connector's push lease without renewing it; default 60 s
 */
@Validated
@ConfigurationProperties("hub.stock")
public record StockProperties(StockPolicy policy, Map<String, StockPolicy> connectors, Map<String, StockPolicy> skus,
        @DefaultValue("250") @Min(10) long pushIntervalMs, @DefaultValue("100") @Min(1) int pushBatch,
        @DefaultValue("10") @Min(1) int maxPushAttempts, @DefaultValue("60s") Duration leaseDuration) {

    public StockProperties {
        policy = policy == null ? StockPolicy.NONE : policy;
        connectors = connectors == null ? Map.of() : Map.copyOf(connectors);
        skus = skus == null ? Map.of() : Map.copyOf(skus);
    }

    /** The policy for one listing: the SKU's, then the connector's, then the global one. */
    public StockPolicy policyFor(String connectorId, String sku) {
        StockPolicy skuPolicy = skus.getOrDefault(sku, StockPolicy.NONE);
        return skuPolicy.over(connectors.getOrDefault(connectorId, StockPolicy.NONE)).over(policy);
    }
}
