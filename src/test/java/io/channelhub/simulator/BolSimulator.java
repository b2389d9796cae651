package io.channelhub.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Bol.com as the hub meets it: the token endpoint (client credentials, Basic auth, tokens of about five minutes),
 * the Retailer API v10 (vendor media type required) with the signature keys and orders, 429 with Retry-After on
 * demand, and pushes signed with RSA-SHA256 under a key id that the test can rotate.
 */
public final class BolSimulator implements AutoCloseable {

    public static final String CLIENT_ID = "sim-bol-client";
    public static final String CLIENT_SECRET = "sim-bol-secret";
    private static final String MEDIA_TYPE = "application/vnd.retailer.v10+json";

    private final HttpServer server;
    private final Map<String, KeyPair> signingKeys = new ConcurrentHashMap<>();
    private final Map<String, String> orders = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger keyListFetches = new AtomicInteger();
    private final AtomicInteger rateLimitedLeft = new AtomicInteger();
    private volatile String currentKeyId;

    private BolSimulator(HttpServer server) {
        this.server = server;
        rotateKey();
    }

    public static BolSimulator start() {
        BolSimulator[] simulator = new BolSimulator[1];
        HttpServer server = SimulatedHttp.start(Map.of(
                "/token", exchange -> simulator[0].token(exchange),
                "/retailer/", exchange -> simulator[0].retailer(exchange)));
        simulator[0] = new BolSimulator(server);
        return simulator[0];
    }

    public String baseUrl() {
        return SimulatedHttp.baseUrl(server);
    }

    public void putOrder(String orderId, String orderJson) {
        orders.put(orderId, orderJson);
    }

    /** Bol starts signing with a new key, listed next to the old ones. */
    public String rotateKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String keyId = "sim-key-" + (signingKeys.size() + 1);
            signingKeys.put(keyId, generator.generateKeyPair());
            currentKeyId = keyId;
            return keyId;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every token issued so far stops working, as one does after its five minutes. */
    public void expireTokens() {
        tokens.clear();
    }

    public int tokensIssued() {
        return issued.get();
    }

    public void rateLimitNext(int count) {
        rateLimitedLeft.set(count);
    }

    public int keyListFetches() {
        return keyListFetches.get();
    }

    /** The signature header Bol sends with this push body, under the current key. */
    public String signatureHeader(byte[] body) {
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(signingKeys.get(currentKeyId).getPrivate());
            signer.update(body);
            return "keyId=" + currentKeyId + ", algorithm=\"rsa-sha256\", signature=" + Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = SimulatedHttp.form(exchange);
        if (!SimulatedHttp.basic(exchange, CLIENT_ID, CLIENT_SECRET) || !"client_credentials".equals(form.get("grant_type"))) {
            SimulatedHttp.answer(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        String token = "sim-bol-token-" + issued.incrementAndGet();
        tokens.add(token);
        SimulatedHttp.answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":299,\"scope\":\"RETAILER\"}");
    }

    private void retailer(HttpExchange exchange) throws IOException {
        if (rateLimitedLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            SimulatedHttp.answer(exchange, 429, MEDIA_TYPE, "{\"title\":\"Too Many Requests\",\"status\":429}");
            return;
        }
        if (!tokens.contains(SimulatedHttp.bearer(exchange))) {
            SimulatedHttp.answer(exchange, 401, MEDIA_TYPE, "{\"title\":\"Unauthorized\",\"status\":401}");
            return;
        }
        if (!MEDIA_TYPE.equals(exchange.getRequestHeaders().getFirst("Accept"))) {
            SimulatedHttp.answer(exchange, 406, MEDIA_TYPE, "{\"title\":\"Not Acceptable\",\"status\":406}");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/retailer/subscriptions/signature-keys")) {
            keyListFetches.incrementAndGet();
            String keys = signingKeys.entrySet().stream()
                    .map(e -> "{\"id\":\"" + e.getKey() + "\",\"type\":\"RSA\",\"publicKey\":\""
                            + Base64.getEncoder().encodeToString(e.getValue().getPublic().getEncoded()) + "\"}")
                    .collect(Collectors.joining(","));
            SimulatedHttp.answer(exchange, 200, MEDIA_TYPE, "{\"signatureKeys\":[" + keys + "]}");
        } else if (path.startsWith("/retailer/orders/")) {
            String order = orders.get(path.substring("/retailer/orders/".length()));
            if (order == null) {
                SimulatedHttp.answer(exchange, 404, MEDIA_TYPE, "{\"title\":\"Not Found\",\"status\":404}");
            } else {
                SimulatedHttp.answer(exchange, 200, MEDIA_TYPE, order);
            }
        } else {
            SimulatedHttp.answer(exchange, 404, MEDIA_TYPE, "{\"title\":\"Not Found\",\"status\":404}");
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
