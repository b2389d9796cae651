package io.channelhub.deadletter;

import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs bulk replays in the background, one job at a time per instance, paced to {@code hub.dead-letters.replay-rate}.
 * The set of letters is fixed when the job starts; each is replayed only if it is still in the state the filter
 * chose (a letter resolved meanwhile is skipped). Progress is written after every letter; cancel stops it after
 * the letter it is on.
 */
@Component
public class ReplayJobRunner {

    private static final Logger log = LoggerFactory.getLogger(ReplayJobRunner.class);

    private final DeadLetterStore letters;
    private final ReplayJobStore jobs;
    private final DeadLetterReplayer replayer;
    private final long pauseNanos;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dead-letter-replay-job");
        thread.setDaemon(true);
        return thread;
    });

    public ReplayJobRunner(DeadLetterStore letters, ReplayJobStore jobs, DeadLetterReplayer replayer,
            DeadLetterProperties properties) {
        this.letters = letters;
        this.jobs = jobs;
        this.replayer = replayer;
        this.pauseNanos = TimeUnit.SECONDS.toNanos(1) / properties.replayRate();
    }

    /** Starts a job over the letters matching the filter as they are now; returns it. */
    public ReplayJob start(DeadLetterFilter filter, String actor) {
        DeadLetterFilter chosen = filter.withDefaults();
        List<Long> ids = letters.ids(chosen.query());
        long id = jobs.create(chosen, ids.size(), actor);
        log.info("replay job {} started by {}: {} dead letter(s) matching {}", id, actor, ids.size(), chosen);
        executor.execute(() -> run(id, ids, chosen.status(), actor));
        return jobs.find(id).orElseThrow();
    }

    private void run(long jobId, List<Long> ids, DeadLetterStatus chosen, String actor) {
        int replayed = 0;
        int skipped = 0;
        int failed = 0;
        long next = System.nanoTime();
        try {
            for (long id : ids) {
                if (jobs.cancelRequested(jobId)) {
                    jobs.finish(jobId, "CANCELLED", null);
                    log.info("replay job {} cancelled after {} replayed", jobId, replayed);
                    return;
                }
                next = pace(next);
                DeadLetter letter = letters.find(id).filter(found -> found.status() == chosen).orElse(null);
                if (letter == null) {
                    skipped++;
                } else {
                    try {
                        replayer.replay(letter, actor, "replay job " + jobId);
                        replayed++;
                    } catch (DeadLetterReplayer.NotReplayableException resolvedMeanwhile) {
                        skipped++;
                    } catch (RuntimeException notSent) {
                        failed++;
                        log.warn("replay job {}: dead letter #{} not sent: {}", jobId, id, notSent.toString());
                    }
                }
                jobs.progress(jobId, replayed, skipped, failed);
            }
            jobs.finish(jobId, "FINISHED", failed == 0 ? null : failed + " dead letter(s) could not be sent");
            log.info("replay job {} finished: {} replayed, {} skipped, {} not sent", jobId, replayed, skipped, failed);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            jobs.finish(jobId, "INTERRUPTED", "the hub stopped; start a new job for the rest");
        } catch (RuntimeException broken) {
            log.error("replay job {} failed", jobId, broken);
            jobs.finish(jobId, "FAILED", broken.toString());
        }
    }

    /** Waits until the next letter's turn; returns the turn after it. */
    private long pace(long next) throws InterruptedException {
        long wait = next - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        return Math.max(next, System.nanoTime() - pauseNanos) + pauseNanos;
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
