package io.channelhub.benchmark;

import io.channelhub.benchmark.BenchmarkReport.Memory;
import io.channelhub.support.HubClient;
import io.channelhub.support.HubProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hub's memory while it is under load: heap used, as /actuator/prometheus reports it
 * ({@code jvm_memory_used_bytes{area="heap"}}, all pools), sampled every second; and the resident set's peak
 * (Linux: VmHWM in /proc/<pid>/status; elsewhere not known).
 */
final class MemorySampler implements AutoCloseable {

    private final HubProcess hub;
    private final AtomicLong peakHeap = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-memory-sampler");
        thread.setDaemon(true);
        return thread;
    });

    MemorySampler(HubProcess hub, HubClient client) {
        this.hub = hub;
        sampler.scheduleAtFixedRate(() -> {
            try {
                long heap = (long) client.metric("jvm_memory_used_bytes", "area=\"heap\"");
                peakHeap.accumulateAndGet(heap, Math::max);
            } catch (RuntimeException missed) {
                // a sample the hub was too busy to answer is skipped
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    /** The peaks so far, and whether the hub's log in {@code dataDir} reports an OutOfMemoryError. */
    Memory peak(Path dataDir) throws IOException {
        boolean outOfMemory = false;
        try (var logs = Files.list(dataDir)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                try (var lines = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                    outOfMemory |= lines.anyMatch(line -> line.contains("OutOfMemoryError"));
                }
            }
        }
        return new Memory(peakHeap.get() / 1048576.0, peakRssKb() / 1024.0, Benchmark.MAX_HEAP_MB, outOfMemory);
    }

    private long peakRssKb() throws IOException {
        Path status = Path.of("/proc", Long.toString(hub.pid()), "status");
        if (!Files.exists(status)) {
            return 0;
        }
        List<String> lines = Files.readAllLines(status);
        return lines.stream().filter(line -> line.startsWith("VmHWM:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).findFirst().orElse(0);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
