package io.channelhub.connector.shopify;

import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.HmacSha256;
import io.channelhub.connector.HmacSignatures;
import io.channelhub.connector.SignatureCheck;
import io.channelhub.connector.WebhookRequest;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Checks {@code X-Shopify-Hmac-Sha256} = base64(HMAC-SHA256(raw body, app secret)). The previous secret is also
 * tried, because after a rotation Shopify may keep signing with the old one for up to an hour.
 */
@Component
public class ShopifySignatureVerifier {

    static final String SIGNATURE_HEADER = "X-Shopify-Hmac-Sha256";

    public SignatureCheck verify(WebhookRequest request, ConnectorSettings settings) {
        String signature = request.header(SIGNATURE_HEADER);
        return HmacSignatures.check(settings, HmacSha256::utf8Key, request.body(),
                signature == null ? List.of() : List.of(signature));
    }
}
