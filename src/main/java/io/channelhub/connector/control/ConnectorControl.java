package io.channelhub.connector.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A connector's switches as stored (and as {@code POST /ops/connectors/{id}/pause} etc. answer them). A connector no
 * one ever switched has none stored and runs normally: {@link #normal(String)}.
 *
 * @param connectorId         the connector instance
 * @param processingPaused    its processing route is stopped: webhooks are still accepted and wait in Kafka
 * @param stockPushesDisabled its stock-push rounds (and stock reconciliation) make no marketplace calls; marks wait
 * @param reason              why, as the operator said with the latest change that gave one; cleared when the
 *                            connector is back to normal; null when none was given
 * @param updatedBy           who made the latest change (null when never switched)
 * @param updatedAt           when (null when never switched)
 */
// nulls are part of the answer: a client sees every field, always
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConnectorControl(String connectorId, boolean processingPaused, boolean stockPushesDisabled,
        String reason, String updatedBy, Instant updatedAt) {

    public static ConnectorControl normal(String connectorId) {
        return new ConnectorControl(connectorId, false, false, null, null, null);
    }
}
