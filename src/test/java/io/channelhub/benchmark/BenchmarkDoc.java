package io.channelhub.benchmark;

import io.channelhub.benchmark.BenchmarkReport.Memory;
import io.channelhub.benchmark.BenchmarkReport.Processing;
import io.channelhub.benchmark.BenchmarkReport.ServerLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The generated section of docs/benchmarks.md: the table of a run, between two marker comments. */
final class BenchmarkDoc {

    static final String BEGIN = "<!-- benchmark:begin (written by ./mvnw test -Pbenchmark; edits inside are overwritten) -->";
    static final String END = "<!-- benchmark:end -->";

    private BenchmarkDoc() {
    }

    /** Replaces the section between the markers; a document without them gets the section appended. */
    static void write(Path doc, BenchmarkReport report) throws IOException {
        String text = Files.readString(doc);
        String section = BEGIN + "\n" + section(report) + END;
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        text = begin >= 0 && end > begin ? text.substring(0, begin) + section + text.substring(end + END.length())
                : text + "\n" + section + "\n";
        Files.writeString(doc, text);
    }

    static String section(BenchmarkReport r) {
        StringBuilder out = new StringBuilder();
        BenchmarkReport.Machine m = r.machine();
        out.append("Measured ").append(m.startedAt()).append(" on ").append(m.cores()).append(" cores (").append(m.cpu())
                .append("), ").append(m.memoryMb() / 1024).append(" GiB, ").append(m.jdk()).append(", ").append(m.os())
                .append("; load average before the run ").append(m.loadAverageBefore()).append("; commit `")
                .append(m.commit()).append("`; the run took ").append(fmt("%.1f", m.minutes())).append(" min. Load generator, ")
                .append("hub, broker and database on the same machine. Command:\n\n```\n").append(r.command())
                .append("\n```\n\n");
        out.append("| measure | value | target | | ceiling in the same run | ratio to ceiling |\n");
        out.append("|---|---|---|---|---|---|\n");
        ServerLoad hub = r.hubIngest();
        ServerLoad bare = r.bareServer();
        KafkaProducerCeiling.Result kafka = r.kafkaProducer();
        Integer hubMax = hub == null ? null : hub.maxSustainedPerSecond();
        Integer bareMax = bare == null ? null : bare.maxSustainedPerSecond();
        row(out, "Ingest: highest sustained rate, webhooks/s acknowledged durably (open loop, < 0.1 % errors, "
                        + "≥ 97 % of the offered rate answered)",
                hub == null ? null : highest(hub), "≥ 10,000/s", hub == null
                        // a search that stopped below the target at bench.max-rate settles nothing
                        || hub.searchLimited() && hubMax < 10_000 ? null : Boolean.valueOf(hubMax != null && hubMax >= 10_000),
                join(bare == null ? null : "bare Vert.x server " + highest(bare),
                        kafka == null ? null : "raw Kafka producer " + count(Math.round(kafka.recordsPerSecond()))
                                + " records/s"),
                join(bare == null ? null : bound(hub, bare.searchLimited(), ratio(hubMax, bareMax)),
                        kafka == null ? null : bound(hub, false, ratio(hubMax, kafka.recordsPerSecond()))));
        for (int rate : r.settings().rates()) {
            LoadResult hubRun = at(hub, rate);
            LoadResult bareRun = at(bare, rate);
            row(out, "Ingest latency at " + perSecond(rate) + ": p50 / p99 / p99.9 (errors)", latency(hubRun),
                    rate == 5000 ? "p99 ≤ 50 ms" : "", rate == 5000 && hubRun != null
                            ? Boolean.valueOf(hubRun.latency().p99Ms() <= 50 && hubRun.sustained()) : null,
                    bareRun == null ? null : "bare server " + latency(bareRun), null);
        }
        for (Processing p : r.processing()) {
            boolean h2 = "h2".equals(p.database());
            int target = h2 ? 5000 : 2000;
            row(out, "Processing on " + name(p.database()) + ": events applied/s, draining a backlog ("
                            + count(p.backlogSend().sent()) + " sent at " + perSecond(p.backlogSend().ratePerSecond())
                            + " while paused, " + count(p.backlogSend().ok()) + " answered 2xx; "
                            + count(p.backlogApplied()) + " applied in " + fmt("%.1f", p.drainSeconds()) + " s)",
                    perSecond(p.appliedPerSecond()), "≥ " + perSecond(target), p.appliedPerSecond() >= target, null, null);
            row(out, "End to end on " + name(p.database()) + ", webhook scheduled → order applied, at "
                            + perSecond(p.endToEndSend().ratePerSecond()) + ": p50 / p99 / p99.9 (" + count(p.endToEndApplied())
                            + " of " + count(p.endToEndSend().sent()) + " applied)",
                    ms(p.endToEnd().p50Ms()) + " / " + ms(p.endToEnd().p99Ms()) + " / " + ms(p.endToEnd().p999Ms()),
                    "", null, null, null);
        }
        BenchmarkReport.Reconciliation rec = r.reconciliation();
        if (rec != null) {
            row(out, "Reconciliation on H2: orders/s polled / applied (" + count(rec.orders()) + " orders in "
                            + rec.pages() + " pages; " + count(rec.applied()) + " applied)",
                    perSecond(rec.polledPerSecond()) + " / " + perSecond(rec.appliedPerSecond()), "", null, null, null);
        }
        List<String> heaps = new ArrayList<>();
        List<String> rss = new ArrayList<>();
        boolean heapMet = true;
        boolean anyMemory = false;
        List<Memory> memories = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (hub != null && hub.memory() != null) {
            memories.add(hub.memory());
            names.add("ingest");
        }
        for (Processing p : r.processing()) {
            memories.add(p.memory());
            names.add("processing " + name(p.database()));
        }
        for (int i = 0; i < memories.size(); i++) {
            Memory memory = memories.get(i);
            anyMemory = true;
            heaps.add(names.get(i) + " " + mb(memory.peakHeapUsedMb()) + (memory.outOfMemoryError() ? " (OutOfMemoryError)" : ""));
            rss.add(names.get(i) + " " + mb(memory.peakRssMb()));
            heapMet &= memory.peakHeapUsedMb() <= 512 && !memory.outOfMemoryError();
        }
        row(out, "Hub heap used, peak (sampled each second; -Xmx" + Benchmark.MAX_HEAP_MB + "m)",
                anyMemory ? String.join(" · ", heaps) : null, "≤ 512 MB", anyMemory ? heapMet : null, null, null);
        row(out, "Hub resident set, peak (VmHWM)", anyMemory ? String.join(" · ", rss) : null, "", null, null, null);
        out.append("\nIngest runs, hub (processing paused) and bare Vert.x server, same generator (")
                .append(r.settings().connections()).append(" keep-alive connections, ").append(r.webhookBytes())
                .append("-byte signed bodies, a new order and event id each):\n\n");
        out.append("| server | offered/s | achieved/s | errors | p50 | p99 | p99.9 | max | generator send lag p99 | sustained |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (ServerLoad load : new ServerLoad[] {hub, bare}) {
            if (load == null) {
                continue;
            }
            List<LoadResult> runs = new ArrayList<>(load.fixedRates());
            runs.addAll(load.maxSearch());
            for (LoadResult run : runs) {
                out.append("| ").append(load.server()).append(" | ").append(count(run.ratePerSecond())).append(" | ")
                        .append(count(Math.round(run.achievedPerSecond()))).append(" | ").append(count(run.errors()))
                        .append(run.errors() == 0 ? "" : " " + run.errorKinds()).append(" | ")
                        .append(ms(run.latency().p50Ms())).append(" | ").append(ms(run.latency().p99Ms())).append(" | ")
                        .append(ms(run.latency().p999Ms())).append(" | ").append(ms(run.latency().maxMs())).append(" | ")
                        .append(ms(run.sendLagP99Ms())).append(" | ").append(run.sustained() ? "yes" : "no").append(" |\n");
            }
        }
        if (!r.notMeasured().isEmpty() || !r.failures().isEmpty()) {
            out.append("\nNot measured in this run:\n\n");
            r.notMeasured().forEach(line -> out.append("- ").append(line).append('\n'));
            r.failures().forEach(line -> out.append("- broke: ").append(line).append('\n'));
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String measure, String value, String target, Boolean met,
            String ceiling, String ratio) {
        out.append("| ").append(measure).append(" | ").append(value == null ? "not measured" : value).append(" | ")
                .append(target).append(" | ").append(met == null ? "" : met ? "met" : "**missed**").append(" | ")
                .append(Objects.requireNonNullElse(ceiling, "")).append(" | ")
                .append(Objects.requireNonNullElse(ratio, "")).append(" |\n");
    }

    /**
     * A ratio whose terms may be lower bounds (a search that stopped at bench.max-rate): the hub's bound makes it a
     * lower bound, the ceiling's an upper one, both make it unknown.
     */
    private static String bound(ServerLoad hub, boolean ceilingLimited, String ratio) {
        boolean hubLimited = hub != null && hub.searchLimited();
        if (ratio == null || hubLimited && ceilingLimited) {
            return ratio == null ? null : "unknown (both searches stopped at bench.max-rate)";
        }
        return (hubLimited ? "≥ " : ceilingLimited ? "≤ " : "") + ratio;
    }

    private static String highest(ServerLoad load) {
        Integer max = load.maxSustainedPerSecond();
        return max == null ? "none of the rates sustained"
                : (load.searchLimited() ? "≥ " + perSecond(max) + " (no rate up to bench.max-rate failed)" : perSecond(max));
    }

    private static LoadResult at(ServerLoad load, int rate) {
        return load == null ? null : load.fixedRates().stream().filter(run -> run.ratePerSecond() == rate).findFirst()
                .orElse(null);
    }

    private static String latency(LoadResult run) {
        return run == null ? null : ms(run.latency().p50Ms()) + " / " + ms(run.latency().p99Ms()) + " / "
                + ms(run.latency().p999Ms()) + " (" + (run.errors() == 0 ? "none" : fmt("%.3f %%", 100 * run.errorRatio())) + ")";
    }

    private static String join(String... parts) {
        List<String> present = new ArrayList<>();
        for (String part : parts) {
            if (part != null) {
                present.add(part);
            }
        }
        return present.isEmpty() ? null : String.join(" · ", present);
    }

    private static String ratio(Number ours, Number ceiling) {
        return ours == null || ceiling == null || ceiling.doubleValue() == 0 ? null
                : fmt("%.0f %%", 100 * ours.doubleValue() / ceiling.doubleValue());
    }

    private static String name(String database) {
        return "h2".equals(database) ? "H2" : "PostgreSQL";
    }

    private static String perSecond(double value) {
        return count(Math.round(value)) + "/s";
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String ms(double value) {
        return value >= 100 ? fmt("%.0f ms", value) : fmt("%.1f ms", value);
    }

    private static String mb(double value) {
        return fmt("%.0f MB", value);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

}
