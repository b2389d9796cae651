package io.channelhub.reconcile;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Reconciliation settings ({@code hub.reconcile}), with per-connector overrides under
 * {@code hub.reconcile.connectors.<id>}.
 *
 * @param enabled         whether scheduled runs happen at all (a run can always be started through the ops API);
 *                        default true
 * @param schedule        Quartz cron expression, seconds first; default every 15 minutes
 * @param overlap         how far before the watermark each run starts reading, so clock skew between us and the
 *                        marketplace and changes written late on its side are not missed; default 10 minutes
 * @param initialLookback how far back the first run of a connector (no watermark yet) reads; default 1 day
 * @param pageAttempts    how often one page is tried when the marketplace answers 5xx or cannot be reached, before
 *                        the run fails (429s are waited out and do not count); default 3
 * @param pageRetryDelay  the wait before the second try of a page, doubled before each further one; default 1 s
 * @param maxPages        pages one run may read before it fails (a guard against a marketplace paging forever);
 *                        default 10,000
 * @param connectors      per-connector overrides of enabled, schedule and overlap
 */
@Validated
@ConfigurationProperties("hub.reconcile")
public record ReconcileProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue("0 0/15 * * * ?") @NotBlank String schedule, @DefaultValue("10m") Duration overlap,
        @DefaultValue("1d") Duration initialLookback, @DefaultValue("3") @Min(1) int pageAttempts,
        @DefaultValue("1s") Duration pageRetryDelay, @DefaultValue("10000") @Min(1) int maxPages,
        Map<String, ConnectorOverride> connectors) {

    public ReconcileProperties {
        connectors = connectors == null ? Map.of() : Map.copyOf(connectors);
    }

    /** Whether the connector's reconciliation runs on a schedule. */
    public boolean scheduled(String connectorId) {
        ConnectorOverride override = connectors.get(connectorId);
        return override != null && override.enabled() != null ? override.enabled() : enabled;
    }

    public String scheduleOf(String connectorId) {
        ConnectorOverride override = connectors.get(connectorId);
        return override != null && override.schedule() != null && !override.schedule().isBlank() ? override.schedule() : schedule;
    }

    public Duration overlapOf(String connectorId) {
        ConnectorOverride override = connectors.get(connectorId);
        return override != null && override.overlap() != null ? override.overlap() : overlap;
    }

    /** A connector's own settings; each null one falls back to the global setting. */
    public record ConnectorOverride(Boolean enabled, String schedule, Duration overlap) {
    }
}
