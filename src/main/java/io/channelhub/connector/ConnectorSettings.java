package io.channelhub.connector;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One configured connector instance ({@code hub.connectors.<id>}).
 *
 * @param type           the marketplace type, e.g. {@code shopify}
 * @param secret         the signing secret webhooks are verified with; without one every webhook is refused
 * @param previousSecret during a secret rotation, the secret being retired: it still verifies until removed
 * @param timestampTolerance for schemes that sign a timestamp (Standard Webhooks): how far it may be from our clock,
 *                       either way; default 5 minutes
 * @param options        type-specific settings (API base URL, client credentials...), documented per type in
 *                       docs/connectors.md; values holding credentials are never logged
 */
public record ConnectorSettings(@NotBlank String type, String secret, String previousSecret,
        @DefaultValue("5m") Duration timestampTolerance, Map<String, String> options) {

    public ConnectorSettings {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** A type-specific option that must be set. */
    public String requiredOption(String connectorId, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("connector '" + connectorId + "' of type " + type + " needs hub.connectors."
                    + connectorId + ".options." + name);
        }
        return value;
    }

    /** A type-specific option, or its default. */
    public String option(String name, String defaultValue) {
        String value = options.get(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }

    /** Whether every one of these options is set. */
    public boolean hasOptions(String... names) {
        for (String name : names) {
            String value = options.get(name);
            if (value == null || value.isBlank()) {
                return false;
            }
        }
        return true;
    }

    /** Settings with the default timestamp tolerance (a factory, not a constructor: binding needs exactly one). */
    public static ConnectorSettings of(String type, String secret, String previousSecret) {
        return new ConnectorSettings(type, secret, previousSecret, Duration.ofMinutes(5), Map.of());
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
