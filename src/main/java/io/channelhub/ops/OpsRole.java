package io.channelhub.ops;

import java.util.Locale;
import java.util.Optional;

/** What a credential may do on the ops API: read, or also act. */
public enum OpsRole {
    /** Reads everything under /ops and the actuator: dead letters, orders, stock, metrics, the audit log. */
    VIEWER,
    /** Everything a viewer may, plus the actions: replay, edit, discard, pause, stock feeds, reconcile now. */
    OPERATOR;

    /** Whether a credential with this role may do what needs {@code required}. */
    public boolean allows(OpsRole required) {
        return compareTo(required) >= 0;
    }

    /** The role as configuration, the audit log and {@code GET /ops/whoami} spell it: {@code viewer}, {@code operator}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a configuration value names ({@code viewer}, {@code operator}, any case); empty for anything else. */
    public static Optional<OpsRole> fromLabel(String label) {
        for (OpsRole role : values()) {
            if (role.label().equalsIgnoreCase(label == null ? "" : label.strip())) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
