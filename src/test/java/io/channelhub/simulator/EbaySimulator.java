package io.channelhub.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * eBay as the hub meets it: the OAuth token endpoint (client credentials for the application, refresh token for
 * the seller), the Notification API's public keys by key id, the Fulfillment API's orders, and notifications
 * signed the way eBay signs them (ECDSA P-256 over the body, SHA1 digest, X-EBAY-SIGNATURE).
 */
public final class EbaySimulator implements AutoCloseable {

    public static final String CLIENT_ID = "sim-ebay-app";
    public static final String CLIENT_SECRET = "sim-ebay-cert";
    public static final String REFRESH_TOKEN = "v^1.1#sim-user-refresh";

    private final HttpServer server;
    private final Map<String, KeyPair> signingKeys = new ConcurrentHashMap<>();
    private final Map<String, String> orders = new ConcurrentHashMap<>();
    private final Set<String> appTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> userTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokens = new AtomicInteger();
    private final AtomicInteger keyFetches = new AtomicInteger();

    private EbaySimulator(HttpServer server) {
        this.server = server;
    }

    public static EbaySimulator start() {
        EbaySimulator[] simulator = new EbaySimulator[1];
        HttpServer server = SimulatedHttp.start(Map.of(
                "/identity/v1/oauth2/token", exchange -> simulator[0].token(exchange),
                "/commerce/notification/v1/public_key/", exchange -> simulator[0].publicKey(exchange),
                "/sell/fulfillment/v1/order/", exchange -> simulator[0].order(exchange)));
        simulator[0] = new EbaySimulator(server);
        return simulator[0];
    }

    public String baseUrl() {
        return SimulatedHttp.baseUrl(server);
    }

    public void putOrder(String orderId, String orderJson) {
        orders.put(orderId, orderJson);
    }

    public int keyFetches() {
        return keyFetches.get();
    }

    /** The X-EBAY-SIGNATURE header eBay would send with this body, signed with key {@code kid} (made on first use). */
    public String signatureHeader(String kid, byte[] body) {
        try {
            KeyPair pair = signingKeys.computeIfAbsent(kid, unused -> newKeyPair());
            Signature signer = Signature.getInstance("SHA1withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(body);
            String json = "{\"alg\":\"ecdsa\",\"kid\":\"" + kid + "\",\"signature\":\""
                    + Base64.getEncoder().encodeToString(signer.sign()) + "\",\"digest\":\"SHA1\"}";
            return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = SimulatedHttp.form(exchange);
        if (!SimulatedHttp.basic(exchange, CLIENT_ID, CLIENT_SECRET)) {
            SimulatedHttp.answer(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        String token = "v^1.1#sim-" + tokens.incrementAndGet();
        if ("client_credentials".equals(form.get("grant_type"))) {
            appTokens.add(token);
        } else if ("refresh_token".equals(form.get("grant_type")) && REFRESH_TOKEN.equals(form.get("refresh_token"))) {
            userTokens.add(token);
        } else {
            SimulatedHttp.answer(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        SimulatedHttp.answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"expires_in\":7200,\"token_type\":\"User Access Token\"}");
    }

    private void publicKey(HttpExchange exchange) throws IOException {
        keyFetches.incrementAndGet();
        if (!appTokens.contains(SimulatedHttp.bearer(exchange))) {
            SimulatedHttp.answer(exchange, 401, "{\"errors\":[{\"errorId\":1001,\"message\":\"Invalid access token\"}]}");
            return;
        }
        String kid = exchange.getRequestURI().getPath().substring("/commerce/notification/v1/public_key/".length());
        KeyPair pair = signingKeys.get(kid);
        if (pair == null) {
            SimulatedHttp.answer(exchange, 404, "{\"errors\":[{\"errorId\":195000,\"message\":\"Resource not found\"}]}");
            return;
        }
        String pem = "-----BEGIN PUBLIC KEY-----\\n" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\\n-----END PUBLIC KEY-----";
        SimulatedHttp.answer(exchange, 200, "{\"algorithm\":\"ECDSA\",\"digest\":\"SHA1\",\"key\":\"" + pem + "\"}");
    }

    private void order(HttpExchange exchange) throws IOException {
        if (!userTokens.contains(SimulatedHttp.bearer(exchange))) {
            SimulatedHttp.answer(exchange, 401, "{\"errors\":[{\"errorId\":1001,\"message\":\"Invalid access token\"}]}");
            return;
        }
        String orderId = exchange.getRequestURI().getPath().substring("/sell/fulfillment/v1/order/".length());
        String order = orders.get(orderId);
        if (order == null) {
            SimulatedHttp.answer(exchange, 404, "{\"errors\":[{\"errorId\":32100,\"message\":\"Invalid order ID\"}]}");
        } else {
            SimulatedHttp.answer(exchange, 200, order);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
