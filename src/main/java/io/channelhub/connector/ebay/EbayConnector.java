package io.channelhub.connector.ebay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.DirectAnswer;
import io.channelhub.connector.FetchedPublicKeys;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.MarketplaceConnector;
import io.channelhub.connector.PayloadFields;
import io.channelhub.connector.PayloadJson;
import io.channelhub.connector.PermanentEventException;
import io.channelhub.connector.SignatureCheck;
import io.channelhub.connector.WebhookEnvelope;
import io.channelhub.connector.WebhookRequest;
import io.channelhub.order.CanonicalOrder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.springframework.stereotype.Component;

/**
 * The {@code ebay} type. Options besides the API's ({@link EbayApi}): {@code verification-token} and
 * {@code endpoint-url} (exactly as registered with eBay) for the endpoint challenge, and {@code order-id-field}
 * (default {@code orderId}), the field of {@code notification.data} that names the order.
 */
@Component
public class EbayConnector implements MarketplaceConnector {

    static final String SIGNATURE_HEADER = "X-EBAY-SIGNATURE";

    private final ObjectMapper json;
    private final EbayApi api;
    private final FetchedPublicKeys keys;
    private final EbayOrderNormaliser normaliser;

    public EbayConnector(ObjectMapper json, EbayApi api, FetchedPublicKeys keys, EbayOrderNormaliser normaliser) {
        this.json = json;
        this.api = api;
        this.keys = keys;
        this.normaliser = normaliser;
    }

    @Override
    public String type() {
        return "ebay";
    }

    /** eBay signs with keys it publishes, not with a secret we configure. */
    @Override
    public boolean usesSharedSecret() {
        return false;
    }

    /** eBay's own convention: a notification whose signature does not verify is answered 412. */
    @Override
    public int refusalStatus() {
        return 412;
    }

    /**
     * eBay proves the endpoint with {@code GET ?challenge_code=X}, expecting
     * {@code {"challengeResponse": hex(SHA-256(X + verification token + endpoint URL))}}.
     */
    @Override
    public Optional<DirectAnswer> directAnswer(WebhookRequest request, ConnectorSettings settings) {
        String code = request.header("challenge_code");
        if (code == null || !"GET".equalsIgnoreCase(request.header("CamelHttpMethod"))) {
            return Optional.empty();
        }
        String token = settings.requiredOption(request.connectorId(), "verification-token");
        String endpoint = settings.requiredOption(request.connectorId(), "endpoint-url");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((code + token + endpoint).getBytes(StandardCharsets.UTF_8));
            byte[] body = ("{\"challengeResponse\":\"" + HexFormat.of().formatHex(digest) + "\"}").getBytes(StandardCharsets.UTF_8);
            return Optional.of(new DirectAnswer(200, "application/json", body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public SignatureCheck verify(WebhookRequest request, ConnectorSettings settings) {
        return verifyAsync(request, settings).toCompletableFuture().join();
    }

    @Override
    public CompletionStage<SignatureCheck> verifyAsync(WebhookRequest request, ConnectorSettings settings) {
        String header = request.header(SIGNATURE_HEADER);
        if (header == null) {
            return CompletableFuture.completedFuture(SignatureCheck.MISSING);
        }
        EbaySignature signature = EbaySignature.parse(header, json);
        if (signature == null) {
            return CompletableFuture.completedFuture(SignatureCheck.INVALID);
        }
        return keys.check(request.connectorId(), signature.keyId(),
                () -> api.publicKey(request.connectorId(), settings, signature.keyId()),
                key -> signature.verifies(key, request.body()));
    }

    /** notification.notificationId is the idempotency key; the order named in notification.data is the key. */
    @Override
    public WebhookEnvelope envelope(WebhookRequest request) {
        JsonNode message = PayloadJson.treeOrEmpty(json, request.body());
        String eventId = message.path("notification").path("notificationId").asText(null);
        if (eventId == null) {
            eventId = PayloadFields.sha256Id(request.body());
        }
        String orderId = message.path("notification").path("data").path("orderId").asText(null);
        return new WebhookEnvelope(eventId, message.path("metadata").path("topic").asText("unknown"),
                orderId != null ? orderId : eventId, Map.of());
    }

    @Override
    public boolean resolvesResources() {
        return true;
    }

    @Override
    public InboundEvent resolve(InboundEvent event, ConnectorSettings settings) {
        String field = settings.option("order-id-field", "orderId");
        String orderId = PayloadJson.treeOrEmpty(json, event.body()).path("notification").path("data").path(field).asText(null);
        if (orderId == null || orderId.isBlank()) {
            throw new PermanentEventException("eBay notification names no order (notification.data." + field + ")");
        }
        byte[] order = api.order(event.connectorId(), settings, orderId).getBytes(StandardCharsets.UTF_8);
        return new InboundEvent(event.connectorId(), event.eventId(), event.eventType(), event.receivedAt(), event.headers(), order);
    }

    @Override
    public CanonicalOrder normalise(InboundEvent event) {
        return normaliser.normalise(event);
    }

    /** The decoded X-EBAY-SIGNATURE: base64 of {"alg":"ecdsa","kid":...,"signature":<base64 DER>,"digest":"SHA1"}. */
    record EbaySignature(String keyId, byte[] signature) {

        static EbaySignature parse(String header, ObjectMapper json) {
            try {
                JsonNode decoded = json.readTree(Base64.getDecoder().decode(header));
                String kid = decoded.path("kid").asText(null);
                String signature = decoded.path("signature").asText(null);
                if (kid == null || signature == null || !"ecdsa".equalsIgnoreCase(decoded.path("alg").asText("ecdsa"))) {
                    return null;
                }
                // the algorithm is ours to choose, not the sender's: eBay signs with SHA1 (a sender-chosen NONE would
                // turn the check into one over raw bytes)
                if (!"SHA1".equalsIgnoreCase(decoded.path("digest").asText("SHA1"))) {
                    return null;
                }
                return new EbaySignature(kid, Base64.getDecoder().decode(signature));
            } catch (IOException | IllegalArgumentException malformed) {
                return null;
            }
        }

        boolean verifies(PublicKey key, byte[] body) {
            try {
                Signature verifier = Signature.getInstance("SHA1withECDSA");
                verifier.initVerify(key);
                verifier.update(body);
                return verifier.verify(signature);
            } catch (GeneralSecurityException malformed) {
                return false;
            }
        }
    }
}
