package io.channelhub.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reading a marketplace payload in a normaliser: every problem is a {@link PermanentEventException} naming the
 * marketplace and the field, because a payload that cannot be read now never will be.
 */
public final class PayloadJson {

    private PayloadJson() {
    }

    /** The body as a JSON object. */
    public static JsonNode object(ObjectMapper json, byte[] body, String marketplace) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (IOException e) {
            throw new PermanentEventException(marketplace + " payload is not valid JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new PermanentEventException(marketplace + " payload is not a JSON object");
        }
        return node;
    }

    /** The body as a JSON tree, or an empty object when it is not JSON (for envelopes, which must never fail). */
    public static JsonNode treeOrEmpty(ObjectMapper json, byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            return node == null ? json.createObjectNode() : node;
        } catch (IOException unreadable) {
            return json.createObjectNode();
        }
    }

    /** The field as an instant, from an ISO-8601 time with an offset; null when absent. */
    public static Instant instant(JsonNode node, String field, String marketplace) {
        String value = text(node, field);
        try {
            return value == null ? null : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new PermanentEventException(marketplace + " field '" + field + "' is not an ISO-8601 time: " + value, e);
        }
    }

    /** The field as text; null when absent, null or empty. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    /** The field as a decimal (JSON number or numeric string); null when absent. */
    public static BigDecimal decimal(JsonNode node, String field, String marketplace) {
        String value = text(node, field);
        try {
            return value == null ? null : new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new PermanentEventException(marketplace + " field '" + field + "' is not a number: " + value, e);
        }
    }
}
