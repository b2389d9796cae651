package io.channelhub.connector;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One configured connector instance ({@code hub.connectors.<id>}).
 *
 * @param type           the marketplace type, e.g. {@code shopify}
 * @param secret         the signing secret webhooks are verified with; without one every webhook is refused
 * @param previousSecret during a secret rotation, the secret being retired: it still verifies until removed
 * @param timestampTolerance for schemes that sign a timestamp (Standard Webhooks): how far it may be from our clock,
 *                       either way; default 5 minutes
 */
public record ConnectorSettings(@NotBlank String type, String secret, String previousSecret,
        @DefaultValue("5m") Duration timestampTolerance) {

    /** Settings with the default timestamp tolerance (a factory, not a constructor: binding needs exactly one). */
    public static ConnectorSettings of(String type, String secret, String previousSecret) {
        return new ConnectorSettings(type, secret, previousSecret, Duration.ofMinutes(5));
    }

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
