package io.channelhub.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Bounds on envelope fields that come from unsigned headers (Shopify signs only the body): what does not fit the
 * columns that store it is shortened here, the same way every time, so an oversized value can never make an
 * event unstorable (and its partition stuck) further down.
 */
public final class EnvelopeLimits {

    /** Leaves room for "<connector>:" in the idempotent repository's 512-character key. */
    public static final int MAX_EVENT_ID = 400;
    public static final int MAX_EVENT_TYPE = 128;

    private EnvelopeLimits() {
    }

    /** The id itself, or when too long, a digest of it (stable: the same long id always gives the same value). */
    public static String eventId(String eventId) {
        if (eventId == null || eventId.length() <= MAX_EVENT_ID) {
            return eventId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(eventId.getBytes(StandardCharsets.UTF_8));
            return "long-id-sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public static String eventType(String eventType) {
        return eventType == null || eventType.length() <= MAX_EVENT_TYPE ? eventType : eventType.substring(0, MAX_EVENT_TYPE);
    }
}
