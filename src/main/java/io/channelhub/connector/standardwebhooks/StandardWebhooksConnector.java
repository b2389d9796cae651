package io.channelhub.connector.standardwebhooks;

import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.MarketplaceConnector;
import io.channelhub.connector.PayloadFields;
import io.channelhub.connector.SignatureCheck;
import io.channelhub.connector.WebhookEnvelope;
import io.channelhub.connector.WebhookRequest;
import io.channelhub.order.CanonicalOrder;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The {@code standard-webhooks} type: any sender that follows the Standard Webhooks spec. */
@Component
public class StandardWebhooksConnector implements MarketplaceConnector {

    private final StandardWebhooksSignatureVerifier verifier;
    private final GenericOrderNormaliser normaliser;

    public StandardWebhooksConnector(StandardWebhooksSignatureVerifier verifier, GenericOrderNormaliser normaliser) {
        this.verifier = verifier;
        this.normaliser = normaliser;
    }

    @Override
    public String type() {
        return "standard-webhooks";
    }

    @Override
    public void validate(String connectorId, ConnectorSettings settings) {
        for (String secret : new String[] {settings.secret(), settings.previousSecret()}) {
            if (secret != null && !secret.isBlank()) {
                try {
                    StandardWebhooksSignatureVerifier.key(secret);
                } catch (IllegalStateException e) {
                    throw new IllegalStateException("connector '" + connectorId + "': " + e.getMessage());
                }
            }
        }
    }

    @Override
    public SignatureCheck verify(WebhookRequest request, ConnectorSettings settings) {
        return verifier.verify(request, settings);
    }

    /** webhook-id is the idempotency key: the spec has senders keep it across retries. */
    @Override
    public WebhookEnvelope envelope(WebhookRequest request) {
        String eventId = Optional.ofNullable(request.header("webhook-id")).orElseGet(() -> PayloadFields.sha256Id(request.body()));
        Map<String, String> fields = PayloadFields.topLevel(request.body(), Set.of("type"));
        String resourceId = Optional.ofNullable(GenericOrderNormaliser.dataId(request.body())).orElse(eventId);
        return new WebhookEnvelope(eventId, fields.getOrDefault("type", "unknown"), resourceId,
                request.headersStartingWith("webhook-", Set.of("webhook-signature")));
    }

    @Override
    public CanonicalOrder normalise(InboundEvent event) {
        return normaliser.normalise(event);
    }
}
