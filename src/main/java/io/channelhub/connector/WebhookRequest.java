package io.channelhub.connector;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A webhook exactly as it arrived: the connector it was addressed to, its headers (looked up without regard
 * to case, as HTTP requires) and the raw body bytes, which signatures are computed over.
 */
public record WebhookRequest(String connectorId, Map<String, String> headers, byte[] body) {

    public WebhookRequest {
        TreeMap<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        headers = Collections.unmodifiableMap(caseInsensitive);
    }

    /** The header's value, or {@code null} when absent or blank. */
    public String header(String name) {
        String value = headers.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
