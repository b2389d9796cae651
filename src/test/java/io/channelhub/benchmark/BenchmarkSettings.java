package io.channelhub.benchmark;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a run measures and for how long, from system properties ({@code -Dbench.seconds=10}); the defaults make a full
 * run of about 15 minutes on a 2-core machine. Every value is in the JSON report and the doc's command line.
 *
 * @param stages         which parts run: {@code ingest} (hub ingest at the rates, its max, the Kafka ceiling, memory),
 *                       {@code bare} (the bare Vert.x server at the same rates and its max), {@code h2} and
 *                       {@code postgresql} (processing drain and end-to-end latency), {@code reconcile} (on the H2 hub)
 * @param rates          fixed open-loop rates (requests/s), each for {@code seconds}
 * @param seconds        length of each fixed-rate run
 * @param warmUpSeconds  load at {@code warmUpRate} before a server's measured runs, discarded
 * @param stepSeconds    length of each step of the search for the highest sustained rate
 * @param stepFactor     each step offers this much more than the one before
 * @param maxRate        the search stops here
 * @param connections    keep-alive connections of the load generator
 * @param timeout        an answer later than this is an error (Shopify waits 5 s)
 * @param kafkaRecords   records of the raw producer ceiling (after as many again / 10 of warm-up)
 * @param backlog        webhooks sent while processing is paused, then drained to measure processing throughput
 * @param backlogRate    the rate they are sent at
 * @param e2eRate        the open-loop rate of the end-to-end run (processing running), for {@code seconds}
 * @param applyWait      how long the benchmark waits for sent events to be applied (after the warm-up, the end-to-end
 *                       run, the drain, reconciliation) before it goes on with what is applied by then
 * @param reconcileOrders orders the simulated shop lists for the reconciliation run
 * @param hubSettings    settings every hub the benchmark starts gets on top of its defaults, from
 *                       {@code -Dbench.hub.<key>=<value>} (e.g. {@code -Dbench.hub.hub.processing.consumers=6}), to
 *                       measure a change of configuration with the same command
 */
record BenchmarkSettings(Set<String> stages, List<Integer> rates, int seconds, int warmUpSeconds, int warmUpRate,
        int stepSeconds, double stepFactor, int maxRate, int connections, Duration timeout, long kafkaRecords,
        int backlog, int backlogRate, int e2eRate, Duration applyWait, int reconcileOrders, boolean writeDoc,
        Map<String, String> hubSettings) {

    private static final String HUB_SETTING = "bench.hub.";

    static final List<String> ALL_STAGES = List.of("ingest", "bare", "h2", "postgresql", "reconcile");

    static BenchmarkSettings fromSystemProperties() {
        Set<String> stages = new LinkedHashSet<>(list("bench.stages", String.join(",", ALL_STAGES)));
        if (!ALL_STAGES.containsAll(stages)) {
            throw new IllegalArgumentException("-Dbench.stages=" + stages + ": known stages are " + ALL_STAGES);
        }
        return new BenchmarkSettings(stages,
                list("bench.rates", "1000,5000,10000").stream().map(Integer::valueOf).toList(),
                integer("bench.seconds", 30), integer("bench.warmup-seconds", 20), integer("bench.warmup-rate", 3000),
                integer("bench.step-seconds", 10), Double.parseDouble(System.getProperty("bench.step-factor", "1.25")),
                integer("bench.max-rate", 80_000), integer("bench.connections", 64),
                Duration.ofMillis(integer("bench.timeout-ms", 5000)), integer("bench.kafka-records", 300_000),
                integer("bench.backlog", 50_000), integer("bench.backlog-rate", 5000), integer("bench.e2e-rate", 1000),
                Duration.ofSeconds(integer("bench.apply-wait-seconds", 120)),
                integer("bench.reconcile-orders", 9000), Boolean.parseBoolean(System.getProperty("bench.doc", "true")),
                hubSettingsFromProperties());
    }

    private static Map<String, String> hubSettingsFromProperties() {
        Map<String, String> settings = new TreeMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(HUB_SETTING)) {
                settings.put(name.substring(HUB_SETTING.length()), System.getProperty(name));
            }
        }
        return settings;
    }

    /** The {@code -D} options that differ from the defaults, for the report's command line. */
    static List<String> givenOptions() {
        return System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("bench."))
                .sorted().map(name -> "-D" + name + "=" + System.getProperty(name)).toList();
    }

    private static int integer(String name, int fallback) {
        return Integer.parseInt(System.getProperty(name, Integer.toString(fallback)).trim());
    }

    private static List<String> list(String name, String fallback) {
        return Arrays.stream(System.getProperty(name, fallback).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }
}
