package io.channelhub.benchmark;

import io.channelhub.support.ShopifyWebhook;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The storage ceiling: how many records per second a plain Kafka producer with the hub's durability settings (acks=all,
 * idempotent, linger 1 ms) gets acknowledged by the hub's own broker, sending asynchronously as fast as it can. The
 * records are shaped like ingest's: the same webhook bodies, a key of connector and order id, the envelope headers.
 * They go to a topic of their own with the inbound topic's partition count, so the hub processes none of them.
 */
final class KafkaProducerCeiling {

    static final String TOPIC = "channel-hub.benchmark-ceiling";

    private KafkaProducerCeiling() {
    }

    record Result(long records, int recordBytes, double seconds, double recordsPerSecond, double megabytesPerSecond) {
    }

    static Result measure(int brokerPort, int partitions, long warmUpRecords, long records) throws Exception {
        String bootstrap = "127.0.0.1:" + brokerPort;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        SignedOrderWebhooks webhooks = new SignedOrderWebhooks("ceiling", 2_000_000_000L);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings)) {
            send(producer, webhooks, 0, warmUpRecords);
            long start = System.nanoTime();
            send(producer, webhooks, warmUpRecords, records);
            double seconds = (System.nanoTime() - start) / 1e9;
            int recordBytes = webhooks.webhook(0).body().length;
            return new Result(records, recordBytes, seconds, records / seconds, records * (double) recordBytes / seconds / 1e6);
        }
    }

    /** Sends {@code count} records asynchronously and returns when the broker has acknowledged them all. */
    private static void send(KafkaProducer<String, byte[]> producer, SignedOrderWebhooks webhooks, long first, long count)
            throws InterruptedException {
        CountDownLatch acknowledged = new CountDownLatch(1);
        AtomicLong left = new AtomicLong(count);
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (long n = first; n < first + count; n++) {
            ShopifyWebhook webhook = webhooks.webhook(n);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, "shopify:" + webhooks.orderId(n), webhook.body());
            record.headers().add(new RecordHeader("hub-connector", bytes("shopify")))
                    .add(new RecordHeader("hub-event-id", bytes(webhook.eventId())))
                    .add(new RecordHeader("hub-event-type", bytes(webhook.topic())))
                    .add(new RecordHeader("hub-received-at", bytes(Long.toString(System.currentTimeMillis()))))
                    .add(new RecordHeader("x-shopify-shop-domain", bytes("test-shop.myshopify.com")))
                    .add(new RecordHeader("x-shopify-webhook-id", bytes("delivery-" + webhook.eventId())));
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                if (left.decrementAndGet() == 0) {
                    acknowledged.countDown();
                }
            });
        }
        if (!acknowledged.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the broker did not acknowledge " + count + " records in 5 minutes");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the broker refused a record", failure.get());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
