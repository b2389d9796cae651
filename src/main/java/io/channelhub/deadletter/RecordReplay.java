package io.channelhub.deadletter;

import io.channelhub.ingest.IngestHeaders;
import io.channelhub.kafka.HubTopics;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Replays a dead letter that was a Kafka record by writing it back to the topic it was read from, with its
 * headers, its key and the replay mark, through the route {@code replay-dead-letter}. It is then processed like
 * any record of that topic: deduplicated by its event id, so a replay is applied at most once however often it
 * is sent.
 */
@Component
@Order(100)
class RecordReplay implements DeadLetterReplayRoute {

    private final ProducerTemplate camel;
    private final HubTopics topics;

    RecordReplay(ProducerTemplate camel, HubTopics topics) {
        this.camel = camel;
        this.topics = topics;
    }

    @Override
    public boolean handles(DeadLetter letter) {
        return true;
    }

    @Override
    public void replay(DeadLetter letter, byte[] payload) {
        Map<String, Object> headers = new HashMap<>(letter.headers());
        // a letter whose envelope was unreadable is named by the id it was recorded under, so that if it fails
        // again it comes back to the same row instead of a new one named by its new position
        headers.put(IngestHeaders.CONNECTOR, letter.connectorId());
        headers.put(IngestHeaders.EVENT_ID, letter.eventId());
        headers.put(IngestHeaders.REPLAY_OF, Long.toString(letter.id()));
        headers.put(KafkaConstants.OVERRIDE_TOPIC,
                letter.sourceTopic() != null ? letter.sourceTopic() : topics.inbound(letter.connectorId()));
        if (letter.recordKey() != null) {
            headers.put(KafkaConstants.KEY, letter.recordKey());
        }
        camel.sendBodyAndHeaders("direct:replay-dead-letter", payload, headers);
    }
}
