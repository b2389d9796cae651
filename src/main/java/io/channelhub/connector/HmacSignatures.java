package io.channelhub.connector;

import java.util.Collection;
import java.util.function.Function;

/**
 * The check every HMAC scheme shares: the presented base64 signatures against the MAC of the signed content under
 * the current secret, then under the previous one (a rotation in progress). Which secret matched is the answer,
 * so a metric can show when senders have moved to the new one.
 */
public final class HmacSignatures {

    private HmacSignatures() {
    }

    /**
     * @param keyOf    how the scheme turns a configured secret into key bytes (UTF-8, or base64 for whsec_ secrets)
     * @param content  the exact bytes the scheme signs
     * @param presented the base64 signatures the request carries (empty when the header was absent)
     */
    public static SignatureCheck check(ConnectorSettings settings, Function<String, byte[]> keyOf, byte[] content,
            Collection<String> presented) {
        if (!settings.hasSecret()) {
            return SignatureCheck.NO_SECRET_CONFIGURED;
        }
        if (presented.isEmpty()) {
            return SignatureCheck.MISSING;
        }
        if (matchesAny(HmacSha256.mac(keyOf.apply(settings.secret()), content), presented)) {
            return SignatureCheck.VALID_CURRENT_SECRET;
        }
        String previous = settings.previousSecret();
        if (previous != null && !previous.isBlank()
                && matchesAny(HmacSha256.mac(keyOf.apply(previous), content), presented)) {
            return SignatureCheck.VALID_PREVIOUS_SECRET;
        }
        return SignatureCheck.INVALID;
    }

    private static boolean matchesAny(byte[] expected, Collection<String> presented) {
        boolean matched = false;
        for (String signature : presented) {
            // no early exit: every presented signature costs the same, whichever one matches
            matched |= HmacSha256.matchesBase64(expected, signature);
        }
        return matched;
    }
}
