package io.channelhub.benchmark;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

/**
 * The ingest ceiling: the server stack the hub's webhook port runs on (one Vert.x instance with its default event
 * loops, one HTTP server listening), doing nothing but read the request body and answer 200 with a short JSON body,
 * as ingest does. Started by the benchmark as a JVM of its own with the hub's {@code -Xmx512m}; argument: the port.
 */
public final class BareHttpServer {

    private BareHttpServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
                .requestHandler(request -> request.body().onComplete(body -> request.response()
                        .putHeader("Content-Type", "application/json").end("{\"status\":\"accepted\"}")))
                .listen(port, "127.0.0.1")
                .onSuccess(server -> System.out.println("listening on " + server.actualPort()))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }
}
