package io.channelhub.ops;

import java.util.Objects;

/**
 * A credential as configured: a name for the audit log, a role, the bearer token, and where it was configured (for
 * error messages that must point at the mistake without showing the token).
 *
 * @param source e.g. {@code hub.ops.tokens.alice} or {@code /etc/channel-hub/ops-tokens line 3}
 */
public record OpsCredential(String name, OpsRole role, String token, String source) {

    public OpsCredential {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(source, "source");
    }

    @Override
    public String toString() {
        return "OpsCredential[name=" + name + ", role=" + role.label() + ", token=***, source=" + source + "]";
    }
}
