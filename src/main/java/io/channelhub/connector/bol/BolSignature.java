package io.channelhub.connector.bol;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The push's {@code signature} header: {@code keyId=<id>, algorithm="rsa-sha256", signature=<base64>} (quotes
 * optional). The format comes from third-party material only, so all of it is read here and nowhere else.
 */
record BolSignature(String keyId, byte[] signature) {

    static final String HEADER = "signature";

    /** Null when the header is not of that form. */
    static BolSignature parse(String header) {
        Map<String, String> parameters = new HashMap<>();
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2) {
                parameters.put(kv[0].trim().toLowerCase(java.util.Locale.ROOT), kv[1].trim().replaceAll("^\"|\"$", ""));
            }
        }
        String keyId = parameters.get("keyid");
        String signature = parameters.get("signature");
        String algorithm = parameters.getOrDefault("algorithm", "rsa-sha256");
        if (keyId == null || signature == null || !"rsa-sha256".equalsIgnoreCase(algorithm)) {
            return null;
        }
        try {
            return new BolSignature(keyId, Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    boolean verifies(PublicKey key, byte[] body) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(body);
            return verifier.verify(signature);
        } catch (GeneralSecurityException malformed) {
            return false;
        }
    }
}
