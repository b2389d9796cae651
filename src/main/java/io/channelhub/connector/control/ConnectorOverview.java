package io.channelhub.connector.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One connector as {@code GET /ops/connectors} shows it, the JSON the dashboard renders: keep the names stable (they
 * are documented in docs/operations.md, "Connector controls"). Every field is always present, null when unknown.
 *
 * @param id                  the connector instance id
 * @param type                its marketplace type ({@code shopify}, {@code bol}, ...)
 * @param reconciles          whether it has reconciliation (its marketplace lists orders and its API is configured)
 * @param pushesStock         whether it has stock pushes (its marketplace takes stock writes and its API is configured)
 * @param processingPaused    the stored switch: processing paused by an operator
 * @param stockPushesDisabled the stored switch: stock pushes disabled by an operator
 * @param reason              the operator's reason for the switches; null when none
 * @param updatedBy           who last changed the switches; null when never changed
 * @param updatedAt           when; null when never changed
 * @param processingRoute     this instance's processing route: {@code Started}, {@code Stopped} (or, for a moment,
 *                            {@code Starting}/{@code Stopping}); it follows the switch within the refresh interval
 * @param lastWebhookAt       when this instance last answered a webhook of the connector 2xx (stored, or a ping or
 *                            endpoint challenge); null since its start if none
 * @param lastAppliedAt       when this instance's processing last finished an event of the connector (applied, or
 *                            recognised as a duplicate or older version); null since its start if none
 * @param lastReconciliation  the latest reconciliation run, on any instance; null when there was none
 * @param breakerState        the stock-push circuit breaker on this instance: {@code CLOSED}, {@code OPEN},
 *                            {@code HALF_OPEN}; null when the connector pushes no stock
 * @param queueDepth          the consumer lag: events stored in Kafka that processing has not committed yet; null
 *                            when Kafka cannot be asked
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConnectorOverview(String id, String type, boolean reconciles, boolean pushesStock,
        boolean processingPaused, boolean stockPushesDisabled, String reason, String updatedBy, Instant updatedAt,
        String processingRoute, Instant lastWebhookAt, Instant lastAppliedAt, LastReconciliation lastReconciliation,
        String breakerState, Long queueDepth) {

    /**
     * The latest reconciliation run of a connector.
     *
     * @param finishedAt when it ended
     * @param outcome    {@code SUCCEEDED} or {@code FAILED}
     * @param drift      orders it found missing or older in the store
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LastReconciliation(Instant finishedAt, String outcome, int drift) {
    }
}
