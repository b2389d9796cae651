package io.channelhub.ops;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The ops API ({@code hub.ops}).
 *
 * @param token the bearer token for {@code /ops} ({@code HUB_OPS_TOKEN}); there is no built-in default: without
 *              one, every {@code /ops} request is refused
 */
@ConfigurationProperties("hub.ops")
public record OpsProperties(String token) {

    public boolean hasToken() {
        return token != null && !token.isBlank();
    }

    @Override
    public String toString() {
        return "OpsProperties[token=" + (hasToken() ? "***" : "<none>") + "]";
    }
}
