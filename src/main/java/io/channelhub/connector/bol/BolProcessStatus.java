package io.channelhub.connector.bol;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelhub.connector.TransientMarketplaceException;

/**
 * Where one of Bol's asynchronous writes is: every PUT/POST/DELETE is queued and answered with one of these, and
 * {@code GET /shared/process-status/{id}} tells how it went. PENDING may still change; SUCCESS, FAILURE and TIMEOUT
 * are final (TIMEOUT: Bol gave up waiting for its own downstream service, so the write was not made).
 *
 * @param id           {@code processStatusId}, a string (numeric once, a UUID-like value since 2026)
 * @param entityId     what the write is about (the offer id; for an export, the report id once it succeeded)
 * @param status       PENDING, SUCCESS, FAILURE or TIMEOUT
 * @param errorMessage why a FAILURE failed, else null
 * @param description  Bol's description of the write
 */
record BolProcessStatus(String id, String entityId, String status, String errorMessage, String description) {

    static final String PENDING = "PENDING";
    static final String SUCCESS = "SUCCESS";
    static final String FAILURE = "FAILURE";
    static final String TIMEOUT = "TIMEOUT";

    static BolProcessStatus of(JsonNode node) {
        String id = node.path("processStatusId").asText(null);
        String status = node.path("status").asText(null);
        if (id == null || status == null) {
            throw new TransientMarketplaceException("Bol answered a write without a process status id and status");
        }
        return new BolProcessStatus(id, node.path("entityId").asText(null), status,
                node.path("errorMessage").asText(null), node.path("description").asText(null));
    }

    boolean pending() {
        return PENDING.equals(status);
    }

    /** Bol's reason for a FAILURE or TIMEOUT, in words fit for a dead letter. */
    String reason() {
        String why = errorMessage != null && !errorMessage.isBlank() ? errorMessage : description;
        return "Bol process " + id + " " + status + (why == null || why.isBlank() ? "" : ": " + why);
    }
}
