package io.channelhub.benchmark;

import io.vertx.core.AsyncResult;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Open-loop HTTP load: request {@code n} of a run is scheduled to leave at {@code start + n / rate}, whatever the
 * server does, and its latency is measured from that scheduled moment, not from when it actually left. A server that
 * stalls cannot slow the sender down and so hide the stall (no coordinated omission): requests that could not leave
 * on time carry the wait in their latency. Everything runs on one Vert.x event loop, over keep-alive connections
 * (HTTP/1.1, no pipelining); a request finds a free connection or waits in the client's queue, still on the clock.
 * <p>
 * An error is a non-2xx answer, a connection or protocol failure, an answer later than the timeout, or no answer by
 * the end of the run (timeout after the last scheduled send). How late the generator itself sent is recorded too
 * ({@link LoadResult#sendLagP99Ms()}), so that a run bounded by the generator shows it.
 */
final class OpenLoopLoad implements AutoCloseable {

    private static final long HIGHEST_TRACKABLE = TimeUnit.MINUTES.toNanos(2);

    private final Vertx vertx;
    private final HttpClient client;
    private final long timeoutNanos;

    OpenLoopLoad(int port, int connections, Duration timeout) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
                        .setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout((int) timeout.toMillis()),
                new PoolOptions().setHttp1MaxSize(connections));
        this.timeoutNanos = timeout.toNanos();
    }

    /** What to send as request {@code n}; called on the generator's event loop, in order. */
    interface Requests {
        Request request(long sequence);

        /** Told when request {@code n} was scheduled, on the epoch clock in nanoseconds (for end-to-end latency). */
        default void scheduled(long sequence, long epochNanos) {
        }
    }

    record Request(String path, Map<String, String> headers, byte[] body) {
    }

    /** Sends {@code total} requests at {@code rate} per second, then waits for the answers (at most the timeout). */
    LoadResult run(String name, int rate, long total, Requests requests) throws Exception {
        Run run = new Run(name, rate, total, requests);
        vertx.runOnContext(ignored -> run.start());
        return run.done.get(total / rate + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + 60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    /** One run; every field is touched on the generator's event loop only. */
    private final class Run {
        final CompletableFuture<LoadResult> done = new CompletableFuture<>();
        final String name;
        final int rate;
        final long total;
        final Requests requests;
        final Histogram latency = new Histogram(HIGHEST_TRACKABLE, 3);
        final Histogram sendLag = new Histogram(HIGHEST_TRACKABLE, 3);
        final Map<String, Long> errorKinds = new TreeMap<>();
        long start;
        long epochStart;
        long sent;
        long completed;
        long ok;
        long errors;
        long lastAnswer;
        long timer = -1;
        boolean finished;

        Run(String name, int rate, long total, Requests requests) {
            this.name = name;
            this.rate = rate;
            this.total = total;
            this.requests = requests;
        }

        void start() {
            epochStart = Benchmark.epochNanos();
            start = System.nanoTime();
            lastAnswer = start;
            timer = vertx.setPeriodic(1, ignored -> tick());
            tick();
        }

        void tick() {
            if (finished) {
                return;
            }
            long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
            while (sent < due) {
                send(sent, start + sent * 1_000_000_000L / rate);
                sent++;
            }
            if (sent == total && timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
                // whatever has no answer by then is counted as timed out
                vertx.setTimer(TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + 1000, ignored -> finish());
            }
        }

        void send(long sequence, long scheduled) {
            Request request = requests.request(sequence);
            requests.scheduled(sequence, epochStart + (scheduled - start));
            sendLag.recordValue(Math.min(HIGHEST_TRACKABLE, Math.max(0, System.nanoTime() - scheduled)));
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            request.headers().forEach(headers::add);
            client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(request.path()).setHeaders(headers)
                            .setIdleTimeout(TimeUnit.NANOSECONDS.toMillis(timeoutNanos)))
                    .compose(outgoing -> outgoing.send(Buffer.buffer(request.body())))
                    .compose(response -> response.body().map(ignored -> response.statusCode()))
                    .onComplete(answer -> answered(scheduled, answer));
        }

        void answered(long scheduled, AsyncResult<Integer> answer) {
            if (finished) {
                return;
            }
            long now = System.nanoTime();
            long took = now - scheduled;
            completed++;
            lastAnswer = now;
            if (answer.succeeded()) {
                latency.recordValue(Math.min(HIGHEST_TRACKABLE, took));
            }
            if (answer.succeeded() && answer.result() / 100 == 2 && took <= timeoutNanos) {
                ok++;
            } else {
                errors++;
                String kind = answer.failed() ? answer.cause().getClass().getSimpleName()
                        : took > timeoutNanos ? "later than the timeout" : "HTTP " + answer.result();
                errorKinds.merge(kind, 1L, Long::sum);
            }
            if (sent == total && completed == total) {
                finish();
            }
        }

        void finish() {
            if (finished) {
                return;
            }
            finished = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            long unanswered = total - completed;
            if (unanswered > 0) {
                errors += unanswered;
                errorKinds.merge("no answer by the end of the run", unanswered, Long::sum);
            }
            double seconds = Math.max(1e-9, (lastAnswer - start) / 1e9);
            done.complete(LoadResult.of(name, rate, total / (double) rate, total, ok, errors, errorKinds,
                    ok / seconds, latency, sendLag));
        }
    }

}
