package io.channelhub.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.PayloadJson;
import io.channelhub.connector.PermanentEventException;
import io.channelhub.process.KafkaOffsetCommit;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Applies one record of the stock-feed topic: {@code {"sku": "A", "onHand": 3}} or an array of such counts (applied
 * together). A record that is not such a count can never be applied: it is dead-lettered with its bytes.
 */
@Component("stockFeedRecord")
public class StockFeedRecord implements Processor {

    private final StockFeed feed;
    private final ObjectMapper json;

    public StockFeedRecord(StockFeed feed, ObjectMapper json) {
        this.feed = feed;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        KafkaOffsetCommit.remember(exchange);
        byte[] body = exchange.getMessage().getBody(byte[].class);
        JsonNode tree = PayloadJson.treeOrEmpty(json, body == null ? new byte[0] : body);
        List<StockCount> counts = new ArrayList<>();
        for (JsonNode count : tree.isArray() ? tree : List.of(tree)) {
            JsonNode onHand = count.path("onHand");
            if (!count.path("sku").isTextual() || !onHand.canConvertToInt() || !onHand.isIntegralNumber()) {
                throw new PermanentEventException("a stock-feed record must be {\"sku\": text, \"onHand\": whole number} "
                        + "or an array of them");
            }
            try {
                counts.add(new StockCount(count.path("sku").asText(), onHand.asInt()));
            } catch (IllegalArgumentException e) {
                throw new PermanentEventException(e.getMessage());
            }
        }
        if (counts.isEmpty()) {
            throw new PermanentEventException("a stock-feed record holds no count");
        }
        feed.apply(counts);
    }
}
