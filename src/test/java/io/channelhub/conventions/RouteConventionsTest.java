package io.channelhub.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelhub.connector.ConnectorRoutes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The house route style: ids, descriptions, template parameters, endpoint names. */
class RouteConventionsTest {

    private static final Set<String> CALLED_BY_THE_OPS_API = Set.of("replay-dead-letter");

    private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]+)}}");

    @Test
    void everyRouteTemplateAndConfigurationHasAKebabCaseIdAndADescription() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path file : RouteFiles.all()) {
            for (JsonNode entry : RouteFiles.read(file)) {
                entry.fields().forEachRemaining(kind -> {
                    JsonNode body = kind.getValue();
                    String id = body.path("id").asText("");
                    if (!KEBAB.matcher(id).matches()) {
                        problems.add(file + ": " + kind.getKey() + " id '" + id + "' is not kebab-case");
                    }
                    JsonNode described = kind.getKey().equals("routeTemplate") ? body.path("route") : body;
                    if (described.path("description").asText("").isBlank()) {
                        problems.add(file + ": " + kind.getKey() + " '" + id + "' has no description");
                    }
                });
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void templatesDeclareExactlyTheParametersTheyUse() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path file : RouteFiles.all()) {
            for (JsonNode entry : RouteFiles.read(file)) {
                JsonNode template = entry.get("routeTemplate");
                if (template == null) {
                    continue;
                }
                Set<String> declared = new TreeSet<>();
                template.path("parameters").forEach(p -> {
                    declared.add(p.path("name").asText());
                    if (p.path("description").asText("").isBlank()) {
                        problems.add(file + ": parameter " + p.path("name").asText() + " has no description");
                    }
                });
                Set<String> used = new TreeSet<>();
                collectPlaceholders(template.path("route"), used);
                // placeholders with a dot are application properties, not template parameters
                used.removeIf(name -> name.contains("."));
                if (!declared.equals(used)) {
                    problems.add(file + ": declares " + declared + " but uses " + used);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void directEndpointsAreNamedAfterTheirRouteAndOutboundKafkaEndpointsHaveIds() throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> directRoutes = new HashSet<>();
        Set<String> directCalls = new HashSet<>();
        for (Path file : RouteFiles.all()) {
            for (JsonNode entry : RouteFiles.read(file)) {
                forEachTo(entry, to -> {
                    String uri = to.path("uri").asText("");
                    if (uri.startsWith("direct:")) {
                        directCalls.add(uri.substring("direct:".length()));
                    }
                    if (uri.startsWith("kafka") && !to.path("id").asText("").startsWith("to-kafka-")) {
                        problems.add(file + ": a kafka endpoint without a to-kafka-* id");
                    }
                });
                JsonNode route = entry.has("route") ? entry.get("route") : entry.path("routeTemplate").path("route");
                // a template's routes are named <template>-<connector> by ConnectorRoutes
                String routeId = entry.has("route") ? route.path("id").asText()
                        : entry.path("routeTemplate").path("id").asText() + "-{{connectorId}}";
                String from = route.path("from").path("uri").asText("");
                if (from.startsWith("direct:")) {
                    directRoutes.add(from.substring("direct:".length()));
                    if (!from.equals("direct:" + routeId)) {
                        problems.add(file + ": route " + routeId + " is reached by " + from);
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        // the ops API starts these: a replay is an operator's request, not a step of another route
        directCalls.addAll(CALLED_BY_THE_OPS_API);
        assertThat(directRoutes).as("every direct: call has a route, and every direct: route is called")
                .isEqualTo(directCalls);
    }

    @Test
    void everyTemplateUnderTemplatesIsInstantiatedPerConnector() throws IOException {
        Set<String> templates = new TreeSet<>();
        for (Path file : RouteFiles.all()) {
            for (JsonNode entry : RouteFiles.read(file)) {
                if (entry.has("routeTemplate")) {
                    assertThat(file.getParent().getFileName().toString()).isEqualTo("templates");
                    templates.add(entry.get("routeTemplate").path("id").asText());
                }
            }
        }
        assertThat(templates).isEqualTo(new TreeSet<>(ConnectorRoutes.TEMPLATES));
    }

    private static void collectPlaceholders(JsonNode node, Set<String> into) {
        if (node.isTextual()) {
            Matcher matcher = PLACEHOLDER.matcher(node.asText());
            while (matcher.find()) {
                into.add(matcher.group(1));
            }
        }
        node.elements().forEachRemaining(child -> collectPlaceholders(child, into));
    }

    private static void forEachTo(JsonNode node, java.util.function.Consumer<JsonNode> action) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("to")) {
                    action.accept(field.getValue());
                }
                forEachTo(field.getValue(), action);
            }
        } else if (node.isArray()) {
            node.forEach(child -> forEachTo(child, action));
        }
    }
}
