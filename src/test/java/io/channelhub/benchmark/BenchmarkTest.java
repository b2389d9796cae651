package io.channelhub.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.channelhub.benchmark.BenchmarkReport.Machine;
import io.channelhub.benchmark.BenchmarkReport.Processing;
import io.channelhub.benchmark.BenchmarkReport.Reconciliation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Launches one benchmark run: {@code ./mvnw -B -ntp test -Pbenchmark} (options: {@link BenchmarkSettings}). Writes
 * bench/results/benchmark-&lt;time&gt;.json and the generated section of docs/benchmarks.md. Targets are reported, not
 * asserted: this fails only when the harness itself broke (a stage threw).
 */
@Tag("benchmark")
class BenchmarkTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void run() throws Exception {
        BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
        Instant started = Instant.now();
        String load = firstLine("/proc/loadavg");
        Benchmark bench = new Benchmark(settings);
        Benchmark.log("settings " + settings);

        Benchmark.HubIngest ingest = bench.stage("ingest", bench::hubIngest);
        BenchmarkReport.ServerLoad bare = bench.stage("bare", bench::bareServer);
        Reconciliation[] reconciliation = new Reconciliation[1];
        boolean reconcile = settings.stages().contains("reconcile");
        if (reconcile && !settings.stages().contains("h2")) {
            bench.notMeasured.add("reconciliation: it runs on the H2 hub, add h2 to -Dbench.stages");
        }
        List<Processing> processing = new ArrayList<>();
        Stream.of(bench.stage("h2", () -> bench.processing("h2", reconcile, reconciliation)),
                        bench.stage("postgresql", () -> bench.processing("postgresql", false, reconciliation)))
                .filter(p -> p != null).forEach(processing::add);

        double minutes = ChronoUnit.SECONDS.between(started, Instant.now()) / 60.0;
        BenchmarkReport report = new BenchmarkReport(machine(started, load, minutes), command(), settings,
                SignedOrderWebhooks.bodySize(), ingest == null ? null : ingest.load(), bare,
                ingest == null ? null : ingest.kafka(), processing, reconciliation[0], bench.notMeasured, bench.failures);

        Path results = Files.createDirectories(Path.of("bench", "results"));
        Path json = results.resolve("benchmark-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC).format(started) + ".json");
        JSON.writeValue(json.toFile(), report);
        String section = BenchmarkDoc.section(report);
        System.out.println(section);
        Benchmark.log("report: " + json);
        if (settings.writeDoc() && bench.failures.isEmpty()) {
            BenchmarkDoc.write(Path.of("docs", "benchmarks.md"), report);
            Benchmark.log("docs/benchmarks.md: generated section rewritten");
        }
        assertThat(bench.failures).as("stages whose harness broke").isEmpty();
    }

    private static String command() {
        List<String> parts = new ArrayList<>(List.of("./mvnw", "-B", "-ntp", "test", "-Pbenchmark"));
        parts.addAll(BenchmarkSettings.givenOptions());
        return String.join(" ", parts);
    }

    private static Machine machine(Instant started, String load, double minutes) {
        Runtime runtime = Runtime.getRuntime();
        String memTotal = grep("/proc/meminfo", "MemTotal:");
        long memoryMb = memTotal == null ? 0 : Long.parseLong(memTotal.replaceAll("[^0-9]", "")) / 1024;
        String cpu = grep("/proc/cpuinfo", "model name");
        String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
        return new Machine(runtime.availableProcessors(), memoryMb,
                cpu == null ? "unknown" : cpu.substring(cpu.indexOf(':') + 1).trim(), jdk, os,
                load == null ? "unknown" : String.join(" ", List.of(load.split(" ")).subList(0, 3)),
                commit(), started.truncatedTo(ChronoUnit.SECONDS).toString(), minutes);
    }

    private static String commit() {
        try {
            String head = git("rev-parse", "--short", "HEAD");
            String changes = git("status", "--porcelain", "--untracked-files=no");
            return head + (changes.isEmpty() ? "" : " with uncommitted changes");
        } catch (IOException | InterruptedException unknown) {
            return "unknown";
        }
    }

    private static String git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return git.waitFor() == 0 ? out : "unknown";
    }

    private static String firstLine(String file) {
        try {
            return Files.readAllLines(Path.of(file)).stream().findFirst().orElse(null);
        } catch (IOException | RuntimeException unknown) {
            return null;
        }
    }

    private static String grep(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(line -> line.startsWith(prefix)).findFirst().orElse(null);
        } catch (IOException | RuntimeException unknown) {
            return null;
        }
    }
}
