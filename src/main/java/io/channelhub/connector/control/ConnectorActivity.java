package io.channelhub.connector.control;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * When this instance last accepted a webhook and last finished an event, per connector: told by the webhook server's
 * answer handler (every 2xx answer) and the process routes (step {@code measure-applied}). Memory only: ingest must
 * stay free of database work, and one map write per event costs nothing. Each instance knows its own; a restart forgets.
 */
@Component("connectorActivity")
public class ConnectorActivity {

    private final Clock clock;
    private final Map<String, Instant> lastWebhook = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastApplied = new ConcurrentHashMap<>();

    public ConnectorActivity(Clock clock) {
        this.clock = clock;
    }

    /**
     * A webhook of the connector was answered 2xx: stored in Kafka, or a ping or endpoint challenge (which prove the
     * marketplace still reaches us as well).
     */
    public void webhookAccepted(String connectorId) {
        lastWebhook.put(connectorId, clock.instant());
    }

    /** Processing finished an event of the connector: applied, or found a duplicate or older than the store. */
    public void eventApplied(String connectorId) {
        lastApplied.put(connectorId, clock.instant());
    }

    public Instant lastWebhookAt(String connectorId) {
        return lastWebhook.get(connectorId);
    }

    public Instant lastAppliedAt(String connectorId) {
        return lastApplied.get(connectorId);
    }
}
