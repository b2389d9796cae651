package io.channelhub.connector.standardwebhooks;

import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.HmacSha256;
import io.channelhub.connector.HmacSignatures;
import io.channelhub.connector.SignatureCheck;
import io.channelhub.connector.WebhookRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Verifies the Standard Webhooks scheme: HMAC-SHA256 over {@code <webhook-id>.<webhook-timestamp>.<raw body>} with
 * the secret's base64-decoded bytes ({@code whsec_} prefix optional), any {@code v1} entry of the signature list
 * may match (senders list several during their own rotation), and the timestamp must be within the connector's
 * tolerance of our clock, either way, so a captured request cannot be replayed later.
 */
@Component
public class StandardWebhooksSignatureVerifier {

    static final String SECRET_PREFIX = "whsec_";

    private final Clock clock;

    public StandardWebhooksSignatureVerifier(Clock clock) {
        this.clock = clock;
    }

    public SignatureCheck verify(WebhookRequest request, ConnectorSettings settings) {
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        String signatures = request.header("webhook-signature");
        if (!settings.hasSecret()) {
            return SignatureCheck.NO_SECRET_CONFIGURED;
        }
        if (id == null || timestamp == null || signatures == null) {
            return SignatureCheck.MISSING;
        }
        if (!withinTolerance(timestamp, settings.timestampTolerance())) {
            return SignatureCheck.EXPIRED;
        }
        List<String> v1 = v1Signatures(signatures);
        if (v1.isEmpty()) {
            // a signature header with no scheme we know (only v1 exists today) cannot be checked
            return SignatureCheck.INVALID;
        }
        return HmacSignatures.check(settings, StandardWebhooksSignatureVerifier::key,
                signedContent(id, timestamp, request.body()), v1);
    }

    /**
     * The {@code webhook-signature} header value a sender with this secret puts on the message: how the hub signs
     * what it sends itself (the synthetic probe).
     */
    public static String sign(String secret, String id, String timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(HmacSha256.mac(key(secret), signedContent(id, timestamp, body)));
    }

    static byte[] signedContent(String id, String timestamp, byte[] body) {
        ByteArrayOutputStream content = new ByteArrayOutputStream(body.length + 64);
        content.writeBytes((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        content.writeBytes(body);
        return content.toByteArray();
    }

    /** The secret's key bytes; a secret that is not valid base64 gives no key that could ever match. */
    static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalStateException("a standard-webhooks secret must be whsec_<base64>");
        }
    }

    private static List<String> v1Signatures(String header) {
        List<String> found = new ArrayList<>();
        for (String entry : header.trim().split(" +")) {
            if (entry.startsWith("v1,")) {
                found.add(entry.substring(3));
            }
        }
        return found;
    }

    private boolean withinTolerance(String timestamp, Duration tolerance) {
        try {
            Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
            return Duration.between(sent, clock.instant()).abs().compareTo(tolerance) <= 0;
        } catch (NumberFormatException | java.time.DateTimeException notATime) {
            return false;
        }
    }
}
