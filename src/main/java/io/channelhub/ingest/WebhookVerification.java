package io.channelhub.ingest;

import io.channelhub.connector.ConnectorRoutes;
import io.channelhub.connector.ConfiguredConnector;
import io.channelhub.connector.ConnectorRegistry;
import io.channelhub.connector.DirectAnswer;
import io.channelhub.connector.SignatureCheck;
import io.channelhub.connector.WebhookRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.TreeMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.support.AsyncCallbackToCompletableFutureAdapter;
import org.apache.camel.support.AsyncProcessorHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * First step of the ingest route: lets the connector answer what is not an event (pings), refuses what must not be
 * stored (wrong content type 415, missing, wrong or expired signature 401) and keeps the verified request for the
 * envelope step. The body limit (413) is enforced earlier,
 * while the body is read.
 */
@Component("webhookVerification")
public class WebhookVerification implements AsyncProcessor {

    static final String REQUEST_PROPERTY = "hubWebhookRequest";
    private static final Duration KEY_FETCH_TIMEOUT = Duration.ofSeconds(3);
    private static final Logger log = LoggerFactory.getLogger(WebhookVerification.class);

    private final ConnectorRegistry connectors;
    private final MeterRegistry meters;
    private final Map<String, Counter> signatureCounters = new ConcurrentHashMap<>();

    public WebhookVerification(ConnectorRegistry connectors, MeterRegistry meters) {
        this.connectors = connectors;
        this.meters = meters;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        AsyncProcessorHelper.process(this, exchange);
    }

    @Override
    public CompletableFuture<Exchange> processAsync(Exchange exchange) {
        AsyncCallbackToCompletableFutureAdapter<Exchange> callback = new AsyncCallbackToCompletableFutureAdapter<>(exchange);
        process(exchange, callback);
        return callback.getFuture();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            CompletionStage<SignatureCheck> check = check(exchange);
            if (check == null) {
                callback.done(true);
                return true;
            }
            CompletableFuture<SignatureCheck> future = check.toCompletableFuture();
            if (future.isDone()) {
                conclude(exchange, future.join());
                callback.done(true);
                return true;
            }
            // a key fetch that hangs must not hang the sender: it gets 503 and retries
            future.orTimeout(KEY_FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((result, failure) -> {
                try {
                    if (failure != null) {
                        exchange.setException(unwrap(failure));
                    } else {
                        conclude(exchange, result);
                    }
                } catch (RuntimeException e) {
                    exchange.setException(e);
                } finally {
                    callback.done(false);
                }
            });
            return false;
        } catch (RuntimeException e) {
            exchange.setException(unwrap(e));
            callback.done(true);
            return true;
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Null when the request was answered directly; else the signature check, maybe still running. */
    private CompletionStage<SignatureCheck> check(Exchange exchange) {
        Message in = exchange.getMessage();
        String connectorId = in.getHeader(ConnectorRoutes.CONNECTOR_HEADER, String.class);
        ConfiguredConnector connector = connectors.find(connectorId)
                .orElseThrow(() -> new WebhookRejectedException(404, "unknown connector '" + connectorId + "'"));
        byte[] body = in.getBody(byte[].class);
        WebhookRequest request = new WebhookRequest(connectorId, stringHeaders(in), body == null ? new byte[0] : body);
        Optional<DirectAnswer> direct = connector.marketplace().directAnswer(request, connector.settings());
        if (direct.isPresent()) {
            answerDirectly(exchange, direct.get());
            return null;
        }
        if (!"POST".equalsIgnoreCase(in.getHeader(Exchange.HTTP_METHOD, "POST", String.class))) {
            throw new WebhookRejectedException(405, "webhooks are POSTed");
        }
        requireJson(in.getHeader(Exchange.CONTENT_TYPE, String.class));
        exchange.setProperty(REQUEST_PROPERTY, request);
        return connector.marketplace().verifyAsync(request, connector.settings());
    }

    /** A ping or challenge: the answer is written now and the route stops here; nothing is stored. */
    private static void answerDirectly(Exchange exchange, DirectAnswer answer) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        message.setHeader(Exchange.CONTENT_TYPE, answer.contentType());
        message.setBody(answer.body());
        exchange.setRouteStop(true);
    }

    private void conclude(Exchange exchange, SignatureCheck check) {
        WebhookRequest request = exchange.getProperty(REQUEST_PROPERTY, WebhookRequest.class);
        String connectorId = request.connectorId();
        counter(connectorId, check).increment();
        if (!check.accepted()) {
            log.info("connector={} webhook refused: signature {}", connectorId, check);
            exchange.removeProperty(REQUEST_PROPERTY);
            exchange.setException(new WebhookRejectedException(connectors.require(connectorId).marketplace().refusalStatus(),
                    "signature " + check.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        }
    }

    private static void requireJson(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw new WebhookRejectedException(415, "content type must be application/json, was '"
                    + (contentType == null ? "" : contentType) + "'");
        }
    }

    /** The request's text headers, in the case-insensitive map WebhookRequest keeps (so it need not copy them). */
    private static Map<String, String> stringHeaders(Message in) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        in.getHeaders().forEach((name, value) -> {
            if (value instanceof String text) {
                headers.put(name, text);
            }
        });
        return headers;
    }

    private Counter counter(String connectorId, SignatureCheck check) {
        return signatureCounters.computeIfAbsent(connectorId + '/' + check, key -> Counter
                .builder("hub.webhook.signature")
                .description("Webhook signature checks by connector and result (which secret matched during a rotation)")
                .tag("connector", connectorId)
                .tag("result", check.name().toLowerCase(Locale.ROOT))
                .register(meters));
    }
}
