package io.channelhub.connector;

import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;

/**
 * A webhook exactly as it arrived: the connector it was addressed to, its headers (looked up without regard
 * to case, as HTTP requires) and the raw body bytes, which signatures are computed over.
 */
public record WebhookRequest(String connectorId, Map<String, String> headers, byte[] body) {

    /**
     * Headers already in a case-insensitive TreeMap are taken over as they are (the ingest path builds them that way,
     * and copying every request's headers twice showed in profiles); any other map is copied into one.
     */
    public WebhookRequest {
        TreeMap<String, String> caseInsensitive;
        if (headers instanceof TreeMap<String, String> sorted && sorted.comparator() == String.CASE_INSENSITIVE_ORDER) {
            caseInsensitive = sorted;
        } else {
            caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            caseInsensitive.putAll(headers);
        }
        headers = Collections.unmodifiableMap(caseInsensitive);
    }

    /** The headers whose names start with {@code prefix}, lower-cased, except those named in {@code except}. */
    public Map<String, String> headersStartingWith(String prefix, Set<String> except) {
        Map<String, String> found = new TreeMap<>();
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(prefix) && !except.contains(lower)) {
                found.put(lower, value);
            }
        });
        return found;
    }

    /** The header's value, or {@code null} when absent or blank. */
    public String header(String name) {
        String value = headers.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
