package io.channelhub.ingest;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A platform-http consumer that never parks a thread while the route waits for the broker.
 *
 * <p>Camel 4.18's Vert.x consumer runs each exchange with the synchronous processor API on a worker thread, so
 * every in-flight webhook holds a thread until Kafka acknowledges it (CAMEL-18383). This consumer starts the route
 * with the asynchronous API on the request's event loop: the cheap steps (signature, envelope) run there, the Kafka
 * producer hands the record to its I/O thread and returns, and the answer is written back on the request's own
 * event loop when the broker's acknowledgement completes the exchange. The body is kept as the exact bytes
 * received, form-encoded bodies included, so signatures can be checked over them.
 */
class NonBlockingPlatformHttpConsumer extends VertxPlatformHttpConsumer {

    private static final Logger log = LoggerFactory.getLogger(NonBlockingPlatformHttpConsumer.class);
    private static final byte[] NO_BODY = new byte[0];

    NonBlockingPlatformHttpConsumer(PlatformHttpEndpoint endpoint, Processor processor,
            List<Handler<RoutingContext>> handlers, String routerName) {
        super(endpoint, processor, handlers, routerName);
    }

    @Override
    protected void handleRequest(RoutingContext ctx) {
        if (isSuspended()) {
            ctx.response().setStatusCode(503).end();
            return;
        }
        Context requestContext = Vertx.currentContext();
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        processHttpRequest(exchange, ctx).onComplete(read -> {
            if (read.failed()) {
                fail(ctx, exchange, read.cause());
                return;
            }
            try {
                createUoW(exchange);
            } catch (Exception e) {
                fail(ctx, exchange, e);
                return;
            }
            getAsyncProcessor().process(exchange, doneSync -> requestContext.runOnContext(v -> respond(ctx, exchange)));
        });
    }

    @Override
    protected Future<Void> populateCamelMessage(RoutingContext ctx, Exchange exchange, Message message) {
        return super.populateCamelMessage(ctx, exchange, message).map(populated -> {
            Buffer raw = ctx.body().buffer();
            message.setBody(raw == null ? NO_BODY : raw.getBytes());
            return populated;
        });
    }

    private void respond(RoutingContext ctx, Exchange exchange) {
        try {
            Message message = exchange.getMessage();
            HttpServerResponse response = ctx.response();
            if (exchange.getException() != null) {
                log.error("route {} failed without an answer", getRouteId(), exchange.getException());
                response.setStatusCode(500).putHeader("Content-Type", "application/json")
                        .end("{\"status\":500,\"error\":\"internal error\"}");
                return;
            }
            Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
            byte[] body = message.getBody(byte[].class);
            response.setStatusCode(status == null ? 200 : status);
            if (contentType != null) {
                response.putHeader("Content-Type", contentType);
            }
            response.end(Buffer.buffer(body == null ? NO_BODY : body));
        } finally {
            doneUoW(exchange);
            releaseExchange(exchange, false);
        }
    }

    private void fail(RoutingContext ctx, Exchange exchange, Throwable cause) {
        getExceptionHandler().handleException("failed reading a request for " + getEndpoint().getPath(), cause);
        ctx.fail(cause);
        releaseExchange(exchange, false);
    }
}
