package io.channelhub.ingest;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers the webhook server gives when no route runs, in the same JSON shape as the routes' own: 404 for
 * what no connector's route takes (an unknown connector, a method other than POST), 413 for a body over the limit
 * (found while reading it). Without this Vert.x answers in plain text and logs each 413, which is expected traffic, as an ERROR.
 */
final class IngestErrorAnswers {

    private static final Logger log = LoggerFactory.getLogger(IngestErrorAnswers.class);

    private IngestErrorAnswers() {
    }

    static void install(Router router) {
        // last of all routes: whatever no connector's route took (an unknown connector, or not a POST)
        router.route().order(Integer.MAX_VALUE).handler(ctx -> answer(ctx, 404, "nothing answers "
                + ctx.request().method() + " " + ctx.request().path() + "; webhooks are POST /webhooks/<connector>"));
        // failures raised while reading the body (the body limit) reach failure handlers, not error handlers
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            if (status == 413) {
                answer(ctx, 413, "the body is larger than hub.ingest.max-body-size");
            } else if (status >= 500) {
                log.error("webhook request failed before its route ran: {} {}", ctx.request().method(), ctx.request().path(),
                        ctx.failure());
                answer(ctx, status, "internal error");
            } else {
                answer(ctx, status, "request refused");
            }
        });
    }

    static void answer(RoutingContext ctx, int status, String error) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end("{\"status\":" + status + ",\"error\":\"" + error.replace("\"", "'") + "\"}");
    }
}
