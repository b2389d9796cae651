package io.channelhub.connector;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over raw bytes and a constant-time comparison with a base64 signature, the scheme most
 * marketplaces (Shopify, WooCommerce, Standard Webhooks) share.
 */
public final class HmacSha256 {

    private static final String ALGORITHM = "HmacSHA256";

    private HmacSha256() {
    }

    /** The MAC of {@code data} under {@code key}. */
    public static byte[] mac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** A secret as most marketplaces use it: its UTF-8 bytes are the key. */
    public static byte[] utf8Key(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code base64Signature} is the MAC of {@code data}. Compared in constant time so that response
     * timing reveals nothing about how much of a forged signature was right.
     */
    public static boolean matchesBase64(byte[] expectedMac, String base64Signature) {
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(base64Signature);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(expectedMac, presented);
    }
}
