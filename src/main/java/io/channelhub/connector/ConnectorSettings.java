package io.channelhub.connector;

import jakarta.validation.constraints.NotBlank;

/**
 * One configured connector instance ({@code hub.connectors.<id>}).
 *
 * @param type           the marketplace type, e.g. {@code shopify}
 * @param secret         the signing secret webhooks are verified with; without one every webhook is refused
 * @param previousSecret during a secret rotation, the secret being retired: it still verifies until removed
 */
public record ConnectorSettings(@NotBlank String type, String secret, String previousSecret) {

    /** Whether a secret is configured at all. */
    public boolean hasSecret() {
        return secret != null && !secret.isBlank();
    }

    @Override
    public String toString() {
        // never print secrets, not even in a debug dump of the configuration
        return "ConnectorSettings[type=" + type + ", secret=" + (hasSecret() ? "***" : "<none>") + "]";
    }
}
