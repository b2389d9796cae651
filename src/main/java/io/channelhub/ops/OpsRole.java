package io.channelhub.ops;

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
}
