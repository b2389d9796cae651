package io.channelhub.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** A map of strings kept in a text column as a JSON object (headers, marketplace ids). */
public final class StringMapColumn {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private StringMapColumn() {
    }

    public static String write(ObjectMapper json, Map<String, String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    public static Map<String, String> read(ObjectMapper json, String column) {
        try {
            return json.readValue(column, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the column holds no JSON object of strings: " + column, e);
        }
    }
}
