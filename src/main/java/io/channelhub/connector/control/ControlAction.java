package io.channelhub.connector.control;

import java.time.Instant;

/** The four switches an operator can flip on a connector, each named as the audit log names it. */
public enum ControlAction {
    PAUSE("connector.pause", true, null),
    RESUME("connector.resume", false, null),
    DISABLE_STOCK_PUSHES("connector.stock-pushes.disable", null, true),
    ENABLE_STOCK_PUSHES("connector.stock-pushes.enable", null, false);

    private final String auditName;
    private final Boolean paused;
    private final Boolean pushesDisabled;

    ControlAction(String auditName, Boolean paused, Boolean pushesDisabled) {
        this.auditName = auditName;
        this.paused = paused;
        this.pushesDisabled = pushesDisabled;
    }

    public String auditName() {
        return auditName;
    }

    /** Whether the action is about stock pushes, which only connectors that push stock have. */
    public boolean stockPushes() {
        return pushesDisabled != null;
    }

    /**
     * The switches after this action. A reason given replaces the previous one; without one the previous reason stays
     * while something is still switched off (pausing during an incident, then disabling pushes, keeps the incident's
     * reason), and goes once the connector is back to normal.
     */
    ConnectorControl applyTo(ConnectorControl before, String reason, String who, Instant at) {
        boolean nowPaused = paused == null ? before.processingPaused() : paused;
        boolean nowDisabled = pushesDisabled == null ? before.stockPushesDisabled() : pushesDisabled;
        String nowReason = reason != null && !reason.isBlank() ? reason
                : nowPaused || nowDisabled ? before.reason() : null;
        return new ConnectorControl(before.connectorId(), nowPaused, nowDisabled, nowReason, who, at);
    }
}
