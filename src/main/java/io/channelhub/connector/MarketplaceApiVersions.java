package io.channelhub.connector;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What marketplaces say about the API versions we call: the version they actually served (Shopify serves a newer
 * one when the pinned version is no longer supported) and deprecation notices. Both are logged once per change and
 * exposed as metrics, so the team learns of a forced upgrade before the old version is switched off.
 */
@Component
public class MarketplaceApiVersions {

    private static final Logger log = LoggerFactory.getLogger(MarketplaceApiVersions.class);

    private final MeterRegistry meters;
    private final Map<String, Served> served = new ConcurrentHashMap<>();
    private final Map<String, String> deprecations = new ConcurrentHashMap<>();

    public MarketplaceApiVersions(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * Records one answer's version headers.
     *
     * @param requested         the version we asked for
     * @param servedVersion     the version the answer says was served, or null when the marketplace does not say
     * @param deprecationReason the deprecation header of the answer, or null
     */
    public void observe(String connectorId, String requested, String servedVersion, String deprecationReason) {
        if (servedVersion != null) {
            Served now = new Served(requested, servedVersion);
            Served before = served.put(connectorId, now);
            if (!now.equals(before)) {
                Gauge.builder("hub.marketplace.api.version", () -> now.equals(served.get(connectorId)) ? 1 : 0)
                        .tag("connector", connectorId).tag("requested", requested).tag("served", servedVersion)
                        .description("1 for the API version the marketplace currently serves us, per requested version")
                        .register(meters);
                if (!requested.equals(servedVersion)) {
                    log.warn("connector={} asked for API version {} but the marketplace served {}: the pinned version is "
                            + "no longer supported, upgrade it", connectorId, requested, servedVersion);
                } else {
                    log.info("connector={} marketplace serves API version {}", connectorId, servedVersion);
                }
            }
        }
        if (deprecationReason != null) {
            meters.counter("hub.marketplace.api.deprecated.calls", "connector", connectorId).increment();
            if (!deprecationReason.equals(deprecations.put(connectorId, deprecationReason))) {
                log.warn("connector={} API version {} call is deprecated: {}", connectorId, requested, deprecationReason);
            }
        }
    }

    /** The version last served to the connector, if its marketplace says. */
    public String servedVersion(String connectorId) {
        Served now = served.get(connectorId);
        return now == null ? null : now.served();
    }

    private record Served(String requested, String served) {
    }
}
