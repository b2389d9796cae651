package io.channelhub.connector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * What ingest may read from a body without parsing all of it: a few top-level scalar fields, with a streaming
 * parser that stops once it has them. Never fails: an unreadable body simply yields nothing.
 */
public final class PayloadFields {

    private static final JsonFactory JSON = new JsonFactory();

    private PayloadFields() {
    }

    /** The named top-level scalar fields that are present, as text. */
    public static Map<String, String> topLevel(byte[] body, Set<String> names) {
        Map<String, String> found = new HashMap<>();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return found;
            }
            while (found.size() < names.size() && parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (names.contains(field) && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    found.put(field, parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException unreadable) {
            // keep what was found before the body went bad
        }
        return found;
    }

    /** A stable id for a body that names none: the same bytes always give the same id. */
    public static String sha256Id(byte[] body) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
