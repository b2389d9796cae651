package io.channelhub.ingest;

/**
 * Names of the envelope headers every inbound Kafka record carries next to the untouched body. The processing
 * side reads them back; they are part of the hub's storage format, so change them only with a migration.
 */
public final class IngestHeaders {

    public static final String CONNECTOR = "hub-connector";
    public static final String EVENT_ID = "hub-event-id";
    public static final String EVENT_TYPE = "hub-event-type";
    public static final String RECEIVED_AT = "hub-received-at";
    /** Where the record came from: absent for webhooks, {@value #SOURCE_RECONCILE} for orders read by reconciliation. */
    public static final String SOURCE = "hub-source";
    public static final String SOURCE_RECONCILE = "reconcile";
    /** On a record an operator replayed: the id of the dead letter it replays, resolved once the record is applied. */
    public static final String REPLAY_OF = "hub-replay-of";

    private IngestHeaders() {
    }
}
