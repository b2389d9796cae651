package io.channelhub.connector;

/** The outcome of checking a webhook's signature. Only the two {@code VALID_*} outcomes let it in. */
public enum SignatureCheck {
    /** Signed with the connector's current secret. */
    VALID_CURRENT_SECRET,
    /** Signed with the previous secret, still accepted during a rotation. */
    VALID_PREVIOUS_SECRET,
    /** The signature header is absent. */
    MISSING,
    /** A signature is present but matches no configured secret. */
    INVALID,
    /** Correctly formed, but its timestamp is outside the allowed window (a replay, or a badly wrong clock). */
    EXPIRED,
    /** The connector has no secret configured, so nothing can be verified and everything is refused. */
    NO_SECRET_CONFIGURED;

    public boolean accepted() {
        return this == VALID_CURRENT_SECRET || this == VALID_PREVIOUS_SECRET;
    }
}
