package io.channelhub.deadletter;

import io.channelhub.connector.InboundEvent;
import io.channelhub.ingest.IngestHeaders;
import io.channelhub.process.EventTransactionPolicy;
import io.channelhub.process.InboundEventReader;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records a failed event in {@code dead_letters} and prepares the dead-letter topic record: the same raw bytes,
 * the envelope headers, and the error. Works even when the envelope itself was unreadable.
 */
@Component("deadLetterRecorder")
public class DeadLetterRecorder implements Processor {

    public static final String DEAD_LETTER_ID = "hub-dead-letter-id";
    public static final String ERROR_CLASS = "hub-error-class";
    public static final String ERROR_MESSAGE = "hub-error-message";
    private static final Logger log = LoggerFactory.getLogger(DeadLetterRecorder.class);

    private final DeadLetterStore store;
    private final MeterRegistry meters;

    public DeadLetterRecorder(DeadLetterStore store, MeterRegistry meters) {
        this.store = store;
        this.meters = meters;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (error == null) {
            error = new IllegalStateException("dead-lettered without a recorded error");
        }
        if (error instanceof RejectedExecutionException) {
            // Camel gives up a redelivery when the hub is stopping and hands the event to us as if exhausted;
            // it is not a failed event: leave it uncommitted, so it is read again after the restart
            throw new HubStoppingException("the hub is stopping; the event stays in Kafka for the next start", error);
        }
        Message message = exchange.getMessage();
        InboundEvent event = exchange.getProperty(InboundEventReader.EVENT_PROPERTY, InboundEvent.class);
        SourcePosition source = new SourcePosition(message.getHeader(KafkaConstants.TOPIC, String.class),
                message.getHeader(KafkaConstants.PARTITION, Integer.class),
                message.getHeader(KafkaConstants.OFFSET, Long.class));
        if (event == null) {
            event = fromUnreadableEnvelope(message, source);
        }
        int attempts = Math.max(1, exchange.getProperty(EventTransactionPolicy.ATTEMPTS_PROPERTY, 0, Integer.class));
        String key = message.getHeader(KafkaConstants.KEY, String.class);
        long id = store.record(event, source, key, error, attempts);
        meters.counter("hub.dead.letters", "connector", event.connectorId(), "error", error.getClass().getSimpleName())
                .increment();
        log.warn("connector={} event={} dead-lettered as #{} after {} attempt(s): {}", event.connectorId(),
                event.eventId(), id, attempts, error.toString());

        message.removeHeaders("*");
        event.headers().forEach(message::setHeader);
        message.setHeader(KafkaConstants.KEY, key);
        message.setHeader(DEAD_LETTER_ID, Long.toString(id));
        message.setHeader(ERROR_CLASS, error.getClass().getName());
        message.setHeader(ERROR_MESSAGE, String.valueOf(error.getMessage()));
        message.setBody(event.body());
    }

    /** An event whose envelope headers were unreadable: keep what there is, named by its position. */
    private static InboundEvent fromUnreadableEnvelope(Message message, SourcePosition source) {
        Map<String, String> headers = InboundEventReader.recordHeaders(message);
        String connectorId = headers.getOrDefault(IngestHeaders.CONNECTOR, String.valueOf(source.topic()));
        String eventId = headers.getOrDefault(IngestHeaders.EVENT_ID,
                "position:" + source.topic() + "/" + source.partition() + "/" + source.offset());
        byte[] body = message.getBody(byte[].class);
        return new InboundEvent(connectorId, eventId, headers.get(IngestHeaders.EVENT_TYPE), null, headers,
                body == null ? new byte[0] : body);
    }
}
