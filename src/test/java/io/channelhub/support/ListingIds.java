package io.channelhub.support;

import java.util.Map;

/** A listing's marketplace ids as the body of {@code PUT /ops/listings/<connector>/<sku>}. */
public final class ListingIds {

    private ListingIds() {
    }

    public static String json(Map<String, String> ids) {
        StringBuilder json = new StringBuilder("{");
        ids.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append('"').append(name).append("\":\"")
                .append(value).append('"'));
        return json.append('}').toString();
    }
}
