package io.channelhub.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.SignatureCheck;
import io.channelhub.connector.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShopifySignatureVerifierTest {

    // Vectors computed outside Java, with: printf '%s' "$BODY" | openssl dgst -sha256 -hmac hush -binary | base64
    private static final String ASCII_BODY = "{\"id\":450789469,\"name\":\"#1001\",\"total_price\":\"598.94\"}";
    private static final String ASCII_SIGNATURE = "KaTt60xVquzjkqCtFcrXPnSdOJ1K03cng4pSgowXk5c=";
    private static final String UNICODE_BODY = "{\"id\":450789470,\"note\":\"Grüße aus Köln — 寿司 🍣\",\"email\":\"zoë@example.com\"}";
    private static final String UNICODE_SIGNATURE = "D7ZRIlgFcSHhT5MmZMjsmDqU01/7QGR5blxHitPdge8=";

    private final ShopifySignatureVerifier verifier = new ShopifySignatureVerifier();
    private final ConnectorSettings settings = ConnectorSettings.of("shopify", "hush", null);

    @Test
    void acceptsTheIndependentlyComputedVector() {
        assertThat(verifier.verify(request(ASCII_BODY.getBytes(StandardCharsets.UTF_8), ASCII_SIGNATURE), settings))
                .isEqualTo(SignatureCheck.VALID_CURRENT_SECRET);
    }

    @Test
    void verifiesNonAsciiBodiesOverTheExactUtf8Bytes() {
        byte[] utf8 = UNICODE_BODY.getBytes(StandardCharsets.UTF_8);
        assertThat(verifier.verify(request(utf8, UNICODE_SIGNATURE), settings)).isEqualTo(SignatureCheck.VALID_CURRENT_SECRET);

        // the same text in another encoding is other bytes: a verifier that re-encoded the body would accept it
        byte[] reEncoded = UNICODE_BODY.getBytes(StandardCharsets.UTF_16LE);
        assertThat(verifier.verify(request(reEncoded, UNICODE_SIGNATURE), settings)).isEqualTo(SignatureCheck.INVALID);
    }

    @Test
    void refusesATamperedBody() {
        byte[] tampered = ASCII_BODY.replace("598.94", "5.94").getBytes(StandardCharsets.UTF_8);
        assertThat(verifier.verify(request(tampered, ASCII_SIGNATURE), settings)).isEqualTo(SignatureCheck.INVALID);
    }

    @Test
    void refusesTheWrongSecret() {
        ConnectorSettings other = ConnectorSettings.of("shopify", "not-hush", null);
        assertThat(verifier.verify(request(ASCII_BODY.getBytes(StandardCharsets.UTF_8), ASCII_SIGNATURE), other))
                .isEqualTo(SignatureCheck.INVALID);
    }

    @Test
    void refusesAMissingOrMalformedSignature() {
        byte[] body = ASCII_BODY.getBytes(StandardCharsets.UTF_8);
        assertThat(verifier.verify(new WebhookRequest("shopify", Map.of(), body), settings)).isEqualTo(SignatureCheck.MISSING);
        assertThat(verifier.verify(request(body, "not base64 !!"), settings)).isEqualTo(SignatureCheck.INVALID);
    }

    @Test
    void acceptsThePreviousSecretDuringARotationAndSaysSo() {
        ConnectorSettings rotating = ConnectorSettings.of("shopify", "new-secret", "hush");
        assertThat(verifier.verify(request(ASCII_BODY.getBytes(StandardCharsets.UTF_8), ASCII_SIGNATURE), rotating))
                .isEqualTo(SignatureCheck.VALID_PREVIOUS_SECRET);
    }

    @Test
    void refusesEverythingWhenNoSecretIsConfigured() {
        ConnectorSettings none = ConnectorSettings.of("shopify", "", null);
        assertThat(verifier.verify(request(ASCII_BODY.getBytes(StandardCharsets.UTF_8), ASCII_SIGNATURE), none))
                .isEqualTo(SignatureCheck.NO_SECRET_CONFIGURED);
    }

    @Test
    void readsTheHeaderWhateverItsCase() {
        WebhookRequest lowerCase = new WebhookRequest("shopify", Map.of("x-shopify-hmac-sha256", ASCII_SIGNATURE),
                ASCII_BODY.getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(lowerCase, settings)).isEqualTo(SignatureCheck.VALID_CURRENT_SECRET);
    }

    private static WebhookRequest request(byte[] body, String signature) {
        return new WebhookRequest("shopify", Map.of("X-Shopify-Hmac-Sha256", signature), body);
    }
}
