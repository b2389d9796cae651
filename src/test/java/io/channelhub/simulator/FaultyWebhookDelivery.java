package io.channelhub.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToIntFunction;

/**
 * Webhook delivery as marketplaces do it on a bad day, with the faults dialled in: some webhooks never sent, some
 * sent twice, some overtaken by the next change of the same order. Seeded, so a failing run can be repeated.
 */
public final class FaultyWebhookDelivery {

    private FaultyWebhookDelivery() {
    }

    /**
     * @param dropRate      share of webhooks never sent
     * @param duplicateRate share of sent webhooks sent a second time (same event id)
     * @param reorderRate   share of webhooks that swap places with the next one of the same order
     * @param lateRate      share of sent webhooks held back until every other webhook was sent
     * @param seed          the random seed
     */
    public record Faults(double dropRate, double duplicateRate, double reorderRate, double lateRate, long seed) {
    }

    /** One webhook: which order and version it carries, and what to send. */
    public record Webhook(String orderId, Instant version, byte[] body, Map<String, String> headers) {
    }

    /**
     * What was done.
     *
     * @param sentEvents        distinct webhooks sent (each at least once)
     * @param duplicates        second sends of a webhook
     * @param dropped           webhooks never sent
     * @param latestSentVersion per order, the newest version any sent webhook carried (absent: none sent)
     */
    public record Report(List<Webhook> sentEvents, int duplicates, List<Webhook> dropped, Map<String, Instant> latestSentVersion) {
    }

    /**
     * Sends the webhooks (given per order, oldest change first) through {@code post}, which returns the HTTP status,
     * from {@code threads} senders. Every sent webhook must be answered 2xx, or this fails: the test is about the
     * webhooks the marketplace never sent, not about ones the hub refused.
     */
    public static Report deliver(List<Webhook> webhooks, Faults faults, ToIntFunction<Webhook> post, int threads) {
        Random random = new Random(faults.seed());
        List<Webhook> sequence = new ArrayList<>(webhooks);
        for (int i = 0; i + 1 < sequence.size(); i++) {
            if (sequence.get(i).orderId().equals(sequence.get(i + 1).orderId()) && random.nextDouble() < faults.reorderRate()) {
                Collections.swap(sequence, i, i + 1);
                i++;
            }
        }
        List<Webhook> toSend = new ArrayList<>();
        List<Webhook> late = new ArrayList<>();
        List<Webhook> sent = new ArrayList<>();
        List<Webhook> dropped = new ArrayList<>();
        int duplicates = 0;
        for (Webhook webhook : sequence) {
            if (random.nextDouble() < faults.dropRate()) {
                dropped.add(webhook);
                continue;
            }
            sent.add(webhook);
            List<Webhook> queue = random.nextDouble() < faults.lateRate() ? late : toSend;
            queue.add(webhook);
            if (random.nextDouble() < faults.duplicateRate()) {
                queue.add(webhook);
                duplicates++;
            }
        }
        Map<String, Instant> latest = new ConcurrentHashMap<>();
        sent.forEach(w -> latest.merge(w.orderId(), w.version(), (a, b) -> a.isAfter(b) ? a : b));
        send(toSend, post, threads);
        send(late, post, threads);
        return new Report(sent, duplicates, dropped, latest);
    }

    private static void send(List<Webhook> toSend, ToIntFunction<Webhook> post, int threads) {
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        try {
            // one order's webhooks go through one sender, in sequence, so the reordering above is what the hub sees
            Map<String, List<Webhook>> byOrder = new LinkedHashMap<>();
            toSend.forEach(w -> byOrder.computeIfAbsent(w.orderId(), id -> new ArrayList<>()).add(w));
            List<Future<?>> work = new ArrayList<>();
            for (List<Webhook> ofOrder : byOrder.values()) {
                work.add(senders.submit(() -> ofOrder.forEach(webhook -> {
                    int status = post.applyAsInt(webhook);
                    if (status / 100 != 2) {
                        throw new IllegalStateException("hub answered " + status + " to a webhook of order " + webhook.orderId());
                    }
                })));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("delivering webhooks failed", e);
        } finally {
            senders.shutdownNow();
        }
    }
}
