package io.channelhub.benchmark;

import java.util.List;

/** Everything one run measured, as the JSON report holds it and docs/benchmarks.md shows it. */
record BenchmarkReport(Machine machine, String command, BenchmarkSettings settings, int webhookBytes,
        ServerLoad hubIngest, ServerLoad bareServer, KafkaProducerCeiling.Result kafkaProducer,
        List<Processing> processing, Reconciliation reconciliation, List<String> notMeasured, List<String> failures) {

    /** Where it ran; {@code loadAverageBefore} shows whether anything else was busy on the machine. */
    record Machine(int cores, long memoryMb, String cpu, String jdk, String os, String loadAverageBefore,
            String commit, String startedAt, double minutes) {
    }

    /**
     * One HTTP server under the open-loop generator: the warm-up, each fixed rate, then the steps of the search for
     * the highest sustained rate. {@code maxSustainedPerSecond} is the highest offered rate of all runs that was
     * sustained (null: none); {@code searchLimited} true when no run above it failed (the search stopped at
     * {@code bench.max-rate}: the server can do more); {@code highestAchievedPerSecond} the most answers per second
     * any run got.
     */
    record ServerLoad(String server, LoadResult warmUp, List<LoadResult> fixedRates, List<LoadResult> maxSearch,
            Integer maxSustainedPerSecond, boolean searchLimited, double highestAchievedPerSecond, Memory memory) {
    }

    /** Of the hub process: heap used (sampled every second from /actuator/prometheus) and resident set (VmHWM). */
    record Memory(double peakHeapUsedMb, double peakRssMb, int maxHeapMb, boolean outOfMemoryError) {
    }

    /**
     * Processing on one database. The drain: {@code backlog} webhooks accepted while the connector's processing was
     * paused, then resumed; {@code appliedPerSecond} is the orders applied over the time from the first to the last
     * one's {@code first_applied_at}. End to end: webhooks at a fixed rate with processing running, each from its
     * scheduled send time to its order's {@code first_applied_at} (the hub's clock when it applied it, the same machine).
     */
    record Processing(String database, LoadResult backlogSend, long backlogApplied, double drainSeconds,
            double appliedPerSecond, LoadResult endToEndSend, long endToEndApplied, LoadResult.Latency endToEnd,
            Memory memory) {
    }

    /**
     * One reconciliation run over {@code orders} orders the simulated shop lists (pages of 250): polled per second is
     * the orders over the time the ops call took (it answers when every page is in Kafka); applied per second the
     * orders over the time from the call to the last one applied.
     */
    record Reconciliation(int orders, int pages, double pollSeconds, double polledPerSecond, long applied,
            double applySeconds, double appliedPerSecond) {
    }
}
