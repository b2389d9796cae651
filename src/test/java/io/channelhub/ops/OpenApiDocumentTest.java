package io.channelhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.support.HubClient.OpsAnswer;
import io.channelhub.support.HubIntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * docs/openapi.json is what the hub serves at /ops/openapi.json, and that document describes every ops endpoint.
 * Run with {@code -Dhub.openapi.write=true} to rewrite the checked-in copy from the running hub.
 */
class OpenApiDocumentTest extends HubIntegrationTest {

    private static final Path CHECKED_IN = Path.of("docs/openapi.json");
    private static final String REGENERATE = "./mvnw test -Dtest=OpenApiDocumentTest -Dhub.openapi.write=true";
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Test
    void theCheckedInDocumentIsWhatTheHubServes() throws IOException {
        JsonNode served = served();
        if (Boolean.getBoolean("hub.openapi.write")) {
            Files.writeString(CHECKED_IN, pretty(served), StandardCharsets.UTF_8);
            return;
        }
        assertThat(CHECKED_IN).as("docs/openapi.json is missing; generate it with: " + REGENERATE).exists();
        JsonNode checkedIn = JSON.readTree(CHECKED_IN.toFile());
        if (!checkedIn.equals(served)) {
            fail("docs/openapi.json is out of date; regenerate with: " + REGENERATE
                    + "\nfirst differences (JSON pointers): " + differences(checkedIn, served));
        }
    }

    @Test
    void everyOpsEndpointIsDescribedAndNothingElse() {
        Set<String> endpoints = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            // ours only: springdoc's own endpoint lives under /ops too but is not part of the API it describes
            if (handler.getBeanType().getPackageName().startsWith("io.channelhub")) {
                info.getPathPatternsCondition().getPatternValues().stream().filter(path -> path.startsWith("/ops/"))
                        .forEach(path -> info.getMethodsCondition().getMethods()
                                .forEach(method -> endpoints.add(method.name() + " " + path)));
            }
        });
        assertThat(endpoints).as("the hub's ops mappings").contains("GET /ops/orders/{connectorId}/{externalId}",
                "PUT /ops/inventory", "POST /ops/connectors/{connectorId}/reconcile");

        Set<String> described = new TreeSet<>();
        served().path("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (HTTP_METHODS.contains(method)) {
                described.add(method.toUpperCase() + " " + path.getKey());
            }
        }));
        assertThat(described).isEqualTo(endpoints);
    }

    @Test
    void eachListIsDescribedWithItsOwnItems() {
        JsonNode document = served();
        // two controllers answer a record named Page: each must keep its own schema
        assertThat(itemsOf(document, "/ops/audit")).isEqualTo("#/components/schemas/AuditEntry");
        assertThat(itemsOf(document, "/ops/dead-letters")).isEqualTo("#/components/schemas/DeadLetterController.View");
    }

    @Test
    void everyOperationNeedsTheBearerToken() {
        JsonNode document = served();
        JsonNode scheme = document.path("components").path("securitySchemes").path(OpsApiDescription.SECURITY_SCHEME);
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        assertThat(document.path("security")).as("global security requirements")
                .anyMatch(requirement -> requirement.has(OpsApiDescription.SECURITY_SCHEME));
        document.path("paths").forEach(path -> path.properties().stream()
                .filter(operation -> HTTP_METHODS.contains(operation.getKey()))
                .forEach(operation -> assertThat(operation.getValue().path("responses").has("401"))
                        .as("401 on %s", operation.getKey()).isTrue()));

        assertThat(hub.opsWithoutToken("/ops/openapi.json").statusCode()).isEqualTo(401);
    }

    @Test
    void theDocumentDoesNotDependOnWhereTheHubRuns() {
        JsonNode document = served();
        assertThat(document.path("servers").findValuesAsText("url")).containsExactly("/");
        assertThat(document.toString()).doesNotContain(":" + opsPort);
        assertThat(document.path("info").path("title").asText()).isEqualTo("channel-hub ops API");
        assertThat(document.path("info").path("version").asText()).isNotBlank().isNotEqualTo("unversioned");
    }

    private JsonNode served() {
        OpsAnswer answer = hub.ops("/ops/openapi.json");
        assertThat(answer.status()).as("GET /ops/openapi.json").isEqualTo(200);
        return answer.body();
    }

    private static String itemsOf(JsonNode document, String listPath) {
        String page = document.at("/paths/" + listPath.replace("/", "~1")
                + "/get/responses/200/content/application~1json/schema/$ref").asText();
        assertThat(page).as("the schema of GET %s", listPath).startsWith("#/components/schemas/");
        return document.at(page.substring(1) + "/properties/items/items/$ref").asText();
    }

    /** Two-space indentation, {@code "key": value}, one array element a line: the layout of jq and most editors. */
    private static String pretty(JsonNode document) throws IOException {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return JSON.writer(printer).writeValueAsString(document) + "\n";
    }

    /** The JSON pointers where the two documents differ, the first few, so the message says what changed. */
    private static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> found = new ArrayList<>();
        collectDifferences(expected, actual, "", found);
        return found;
    }

    private static void collectDifferences(JsonNode expected, JsonNode actual, String pointer, List<String> found) {
        if (found.size() >= 10 || expected.equals(actual)) {
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            Set<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            names.forEach(name -> collectDifferences(expected.path(name), actual.path(name),
                    pointer + "/" + name.replace("~", "~0").replace("/", "~1"), found));
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                collectDifferences(expected.get(i), actual.get(i), pointer + "/" + i, found);
            }
        } else {
            found.add((pointer.isEmpty() ? "/" : pointer) + (expected.isMissingNode() ? " (only in what the hub serves)"
                    : actual.isMissingNode() ? " (only in docs/openapi.json)" : ""));
        }
    }
}
