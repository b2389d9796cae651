package io.channelhub.deadletter;

import io.channelhub.connector.InboundEvent;
import io.channelhub.ingest.IngestHeaders;
import io.channelhub.process.InboundEventReader;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The last step of applying a record: when the record is a replayed dead letter, the letter is RESOLVED, in the
 * same transaction as the event's effect. A replay the idempotent repository skipped (its event was applied
 * already, e.g. by an earlier replay) resolves it too, as ALREADY_APPLIED.
 */
@Component("deadLetterResolution")
public class DeadLetterResolution implements Processor {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterResolution.class);

    private final DeadLetterStore store;

    public DeadLetterResolution(DeadLetterStore store) {
        this.store = store;
    }

    @Override
    public void process(Exchange exchange) {
        String replayOf = replayOf(exchange);
        if (replayOf == null) {
            return;
        }
        long id;
        try {
            id = Long.parseLong(replayOf.trim());
        } catch (NumberFormatException notOurs) {
            log.warn("record with an unreadable {} header '{}' applied; no dead letter to resolve", IngestHeaders.REPLAY_OF,
                    replayOf);
            return;
        }
        boolean duplicate = exchange.getProperty(Exchange.DUPLICATE_MESSAGE, false, Boolean.class);
        store.resolved(id, duplicate);
    }

    private static String replayOf(Exchange exchange) {
        InboundEvent event = exchange.getProperty(InboundEventReader.EVENT_PROPERTY, InboundEvent.class);
        if (event != null) {
            return event.headers().get(IngestHeaders.REPLAY_OF);
        }
        Object header = exchange.getMessage().getHeader(IngestHeaders.REPLAY_OF);
        return header instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : header == null ? null : header.toString();
    }
}
