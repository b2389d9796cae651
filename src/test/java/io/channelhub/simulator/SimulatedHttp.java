package io.channelhub.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/** What the simulators share: a loopback HTTP server, JSON answers, form bodies. */
final class SimulatedHttp {

    private SimulatedHttp() {
    }

    private static final Map<HttpServer, DialledFaults> FAULTS = new ConcurrentHashMap<>();

    /** Starts a server whose every handler can be made to fail or slow down through {@link #faults}. */
    static HttpServer start(Map<String, HttpHandler> handlers) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            DialledFaults faults = new DialledFaults();
            FAULTS.put(server, faults);
            handlers.forEach((path, handler) -> server.createContext(path, faults.around(handler)));
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The faults dialled into this server's answers. */
    static DialledFaults faults(HttpServer server) {
        return FAULTS.get(server);
    }

    static String baseUrl(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static void answer(HttpExchange exchange, int status, String json) throws IOException {
        answer(exchange, status, "application/json", json);
    }

    static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static Map<String, String> form(HttpExchange exchange) throws IOException {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> fields = new HashMap<>();
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return fields;
    }

    /** The bearer token of the request, or null. */
    static String bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && header.startsWith("Bearer ") ? header.substring("Bearer ".length()) : null;
    }

    /** Whether the request carries Basic credentials for this client. */
    static boolean basic(HttpExchange exchange, String clientId, String clientSecret) {
        String expected = "Basic " + java.util.Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        return expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }
}
