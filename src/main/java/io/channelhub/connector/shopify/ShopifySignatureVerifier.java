package io.channelhub.connector.shopify;

import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.HmacSha256;
import io.channelhub.connector.SignatureCheck;
import io.channelhub.connector.WebhookRequest;
import org.springframework.stereotype.Component;

/**
 * Checks {@code X-Shopify-Hmac-Sha256} = base64(HMAC-SHA256(raw body, app secret)). The previous secret is also
 * tried, because after a rotation Shopify may keep signing with the old one for up to an hour.
 */
@Component
public class ShopifySignatureVerifier {

    static final String SIGNATURE_HEADER = "X-Shopify-Hmac-Sha256";

    public SignatureCheck verify(WebhookRequest request, ConnectorSettings settings) {
        if (!settings.hasSecret()) {
            return SignatureCheck.NO_SECRET_CONFIGURED;
        }
        String signature = request.header(SIGNATURE_HEADER);
        if (signature == null) {
            return SignatureCheck.MISSING;
        }
        if (HmacSha256.matchesBase64(HmacSha256.mac(settings.secret(), request.body()), signature)) {
            return SignatureCheck.VALID_CURRENT_SECRET;
        }
        String previous = settings.previousSecret();
        if (previous != null && !previous.isBlank()
                && HmacSha256.matchesBase64(HmacSha256.mac(previous, request.body()), signature)) {
            return SignatureCheck.VALID_PREVIOUS_SECRET;
        }
        return SignatureCheck.INVALID;
    }
}
