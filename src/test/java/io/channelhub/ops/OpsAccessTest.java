package io.channelhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.channelhub.support.HubClient;
import io.channelhub.support.HubClient.OpsAnswer;
import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.OrderIds;
import io.channelhub.support.TestHubSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Who may do what on the management port: viewers read, operators act, health is public, everything else needs a
 * credential, and an address that fails too often is refused for a while.
 */
@ExtendWith(OutputCaptureExtension.class)
class OpsAccessTest extends HubIntegrationTest {

    private static final String JSON = "application/json";

    @Autowired
    private OpsProperties properties;

    @Test
    void aViewerReadsButIsRefusedEveryActionAndEachRefusalIsAudited() {
        HubClient viewer = hub.withOpsToken(TestHubSettings.VIEWER_TOKEN);
        String sku = "ACCESS-" + OrderIds.next();

        assertThat(viewer.ops("/ops/whoami").body()).isEqualTo(json("test-viewer", "viewer"));
        assertThat(viewer.ops("/ops/orders?size=1").status()).isEqualTo(200);
        assertThat(viewer.ops("/ops/audit?size=1").status()).isEqualTo(200);

        OpsAnswer put = viewer.opsPut("/ops/inventory/" + sku, JSON, "{\"onHand\": 5}");
        assertThat(put.status()).isEqualTo(403);
        assertThat(put.body().path("status").asInt()).isEqualTo(403);
        assertThat(put.body().path("error").asText()).contains("operator");
        assertThat(viewer.opsPost("/ops/connectors/shopify/reconcile").status()).isEqualTo(403);
        assertThat(hub.ops("/ops/inventory/" + sku).status()).as("nothing of the refused PUT was applied").isEqualTo(404);

        JsonNode denied = viewer.ops("/ops/audit?action=access.denied&targetId="
                + URLEncoder.encode("PUT /ops/inventory/" + sku, StandardCharsets.UTF_8)).body();
        assertThat(denied.path("total").asLong()).isEqualTo(1);
        JsonNode entry = denied.path("items").get(0);
        assertThat(entry.path("actor").asText()).isEqualTo(TestHubSettings.VIEWER_NAME);
        assertThat(entry.path("role").asText()).isEqualTo("viewer");
        assertThat(entry.path("targetType").asText()).isEqualTo("request");
        assertThat(entry.path("detail").asText()).isEqualTo("needs operator");
    }

    @Test
    void operatorsFromHubOpsTokenAndFromTheCredentialsFileAct() {
        HubClient fileOperator = hub.withOpsToken(TestHubSettings.FILE_OPERATOR_TOKEN);
        String sku = "ACCESS-" + OrderIds.next();

        assertThat(hub.ops("/ops/whoami").body()).isEqualTo(json("ops", "operator"));
        assertThat(fileOperator.ops("/ops/whoami").body()).isEqualTo(json(TestHubSettings.FILE_OPERATOR_NAME, "operator"));

        assertThat(hub.opsPut("/ops/inventory/" + sku, JSON, "{\"onHand\": 5}").status()).isEqualTo(200);
        assertThat(fileOperator.opsPut("/ops/inventory/" + sku, JSON, "{\"onHand\": 7}").status()).isEqualTo(200);
        assertThat(hub.ops("/ops/inventory/" + sku).body().path("onHand").asInt()).isEqualTo(7);
    }

    @Test
    void withoutAValidBearerTokenTheAnswerIs401() {
        HttpResponse<String> none = hub.opsWithoutToken("/ops/orders");
        HttpResponse<String> wrong = hub.withOpsToken("not-a-configured-token").opsResponse("/ops/orders");

        for (HttpResponse<String> answer : List.of(none, wrong)) {
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(answer.body()).startsWith("{\"status\":401,\"error\":");
        }
    }

    @Test
    void healthIsPublicAndEveryOtherActuatorEndpointNeedsAViewer() throws IOException {
        HubClient viewer = hub.withOpsToken(TestHubSettings.VIEWER_TOKEN);

        assertThat(hub.opsWithoutToken("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(hub.opsWithoutToken("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(hub.opsWithoutToken("/actuator/prometheus").statusCode()).isEqualTo(401);
        assertThat(hub.opsWithoutToken("/actuator/info").statusCode()).isEqualTo(401);
        assertThat(hub.opsWithoutToken("/actuator").statusCode()).isEqualTo(401);
        // sent as written: the container resolves the dots, and so must the rule
        assertThat(rawGet("127.0.0.1", "/actuator/health/../prometheus", null).status()).isEqualTo(401);

        assertThat(viewer.opsResponse("/actuator/prometheus").statusCode()).isEqualTo(200);
        assertThat(viewer.opsResponse("/actuator/info").statusCode()).isEqualTo(200);
    }

    @Test
    void anAddressThatFailedTooOftenGets429EvenWithAValidTokenWhileOthersGoOn() throws IOException {
        // its own loopback address, so that the refusal does not reach the other tests (they call from 127.0.0.1)
        String guesser = "127.0.0.77";
        for (int i = 0; i < properties.failedAuth().limit(); i++) {
            assertThat(rawGet(guesser, "/ops/orders", "guess-" + i).status()).isEqualTo(401);
        }

        RawAnswer refused = rawGet(guesser, "/ops/orders", TestHubSettings.OPS_TOKEN);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds))
                .isBetween(1L, properties.failedAuth().window().toSeconds()));
        assertThat(rawGet(guesser, "/actuator/health", null).status()).as("probes are never refused").isEqualTo(200);

        assertThat(hub.ops("/ops/orders?size=1").status()).as("another address").isEqualTo(200);
    }

    @Test
    void noTokenPresentedOrConfiguredAppearsInTheLog(CapturedOutput output) {
        String presented = "presented-token-" + OrderIds.next();

        hub.withOpsToken(presented).opsResponse("/ops/orders");
        hub.withOpsToken(TestHubSettings.VIEWER_TOKEN).opsPost("/ops/connectors/shopify/reconcile");
        hub.withOpsToken(TestHubSettings.FILE_OPERATOR_TOKEN).ops("/ops/whoami");
        hub.ops("/ops/whoami");

        assertThat(output.getAll())
                .contains("ops authentication failed from 127.0.0.1: a bearer token that matches no credential on GET /ops/orders")
                .contains("action=access.denied")
                .doesNotContain(presented, TestHubSettings.OPS_TOKEN, TestHubSettings.VIEWER_TOKEN,
                        TestHubSettings.FILE_OPERATOR_TOKEN);
    }

    private static JsonNode json(String name, String role) {
        return JsonNodeFactory.instance.objectNode().put("name", name).put("role", role);
    }

    /**
     * A GET sent over a plain socket from {@code localAddress} (any of 127.0.0.0/8 on Linux), with the path exactly
     * as given: the JDK client can neither choose its source address nor leave {@code ..} unresolved.
     */
    private RawAnswer rawGet(String localAddress, String path, String token) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", opsPort), 5_000);
            socket.setSoTimeout(10_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            String head = response.substring(0, response.indexOf("\r\n\r\n"));
            return new RawAnswer(Integer.parseInt(head.substring(9, 12)), head);
        }
    }

    private record RawAnswer(int status, String head) {

        Optional<String> header(String name) {
            return Arrays.stream(head.split("\r\n"))
                    .filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(line -> line.substring(name.length() + 1).strip())
                    .findFirst();
        }
    }
}
