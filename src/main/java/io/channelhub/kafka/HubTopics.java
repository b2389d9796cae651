package io.channelhub.kafka;

import org.springframework.stereotype.Component;

/** Names of the topics the hub owns. */
@Component
public class HubTopics {

    private final String prefix;

    public HubTopics(HubKafkaProperties properties) {
        this.prefix = properties.topicPrefix();
    }

    /** One inbound topic per connector: a paused or slow connector never holds up another's events. */
    public String inbound(String connectorId) {
        return prefix + "inbound." + connectorId;
    }

    /** Stock counts from ERPs and warehouses ({"sku", "onHand"} records, keyed by SKU). */
    public String stockFeed() {
        return prefix + "stock-feed";
    }

    public String deadLetters() {
        return prefix + "dead-letters";
    }
}
