package io.channelhub.conventions;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.channelhub.support.RequiredTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerting as code: the Prometheus rules and their unit tests, the Alertmanager example and the Grafana dashboard are
 * valid, and stay in step with docs/operations.md (every metric they use is in its metrics table, every runbook link
 * lands on one of its headings).
 *
 * <p>promtool and amtool come from the Debian packages {@code prometheus} and {@code prometheus-alertmanager}. Where
 * they are not installed the checks that run them are skipped, unless {@code -Dhub.require-tools=true} (.ci/run sets
 * it) makes them fail.
 */
class AlertingConfigTest {

    private static final Path RULES = Path.of("config/alerts/channel-hub.rules.yml");
    private static final Path RULE_TESTS = Path.of("config/alerts/tests");
    private static final Path ALERTMANAGER = Path.of("config/alertmanager/alertmanager.yml");
    private static final Path DASHBOARD = Path.of("config/dashboards/channel-hub.json");
    private static final Path OPERATIONS = Path.of("docs/operations.md");
    private static final String RUNBOOKS = "https://github.com/channel-hub/channel-hub/blob/main/docs/operations.md#";

    /** A metric of the hub, but not the middle of a recorded series' name such as connector:hub_x:rate5m. */
    private static final Pattern HUB_METRIC = Pattern.compile("(?<![\\w:])hub_[a-z0-9_]+(?![\\w:])");
    /** A recording rule's name, level:metric:operations. */
    private static final Pattern RECORDED = Pattern.compile("(?<![\\w:])[a-z_]+:[a-z0-9_]+:[a-z0-9_]+(?![\\w:])");
    /** The series Prometheus writes for a histogram or a Micrometer timer, named after the documented metric. */
    private static final Pattern SERIES_SUFFIX = Pattern.compile("_(bucket|sum|count|max)$");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tempDir;

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        run(tool("promtool", "prometheus"), "check", "rules", RULES.toString());
    }

    @Test
    void theRulesPassTheirUnitTests() throws Exception {
        List<String> command = new ArrayList<>(List.of(tool("promtool", "prometheus"), "test", "rules"));
        ruleTestFiles().forEach(file -> command.add(file.toString()));
        run(command);
    }

    @Test
    void everyAlertHasAUnitTestWhereItFiresAndOneWhereItDoesNot() throws IOException {
        Set<String> fires = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (Path file : ruleTestFiles()) {
            for (JsonNode test : YAML.readTree(file.toFile()).path("tests")) {
                for (JsonNode check : test.path("alert_rule_test")) {
                    boolean firing = check.path("exp_alerts").size() > 0;
                    (firing ? fires : quiet).add(check.path("alertname").asText());
                }
            }
        }
        List<String> problems = new ArrayList<>();
        for (String alert : alerts().keySet()) {
            if (!fires.contains(alert)) {
                problems.add(alert + " has no test where it fires");
            }
            if (!quiet.contains(alert)) {
                problems.add(alert + " has no test where it stays quiet");
            }
        }
        assertThat(problems).as("under " + RULE_TESTS).isEmpty();
    }

    @Test
    void everyAlertHasASeveritySummaryDescriptionAndARunbookThatExists() throws IOException {
        Set<String> anchors = anchors(OPERATIONS);
        List<String> problems = new ArrayList<>();
        alerts().forEach((name, rule) -> {
            String severity = rule.path("labels").path("severity").asText();
            if (!Set.of("critical", "warning").contains(severity)) {
                problems.add(name + ": severity '" + severity + "' is neither critical nor warning");
            }
            JsonNode annotations = rule.path("annotations");
            for (String annotation : List.of("summary", "description", "runbook_url")) {
                if (annotations.path(annotation).asText().isBlank()) {
                    problems.add(name + ": no " + annotation);
                }
            }
            if (rule.path("expr").asText().contains("connector")
                    && !annotations.path("description").asText().contains("$labels.connector")) {
                problems.add(name + ": the description does not name the connector");
            }
            String runbook = annotations.path("runbook_url").asText();
            if (!runbook.startsWith(RUNBOOKS)) {
                problems.add(name + ": runbook_url " + runbook + " is not a section of " + OPERATIONS);
            } else if (!anchors.contains(runbook.substring(RUNBOOKS.length()))) {
                problems.add(name + ": " + OPERATIONS + " has no heading for #" + runbook.substring(RUNBOOKS.length()));
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyHubMetricTheRulesAndTheDashboardUseIsInTheMetricsTable() throws IOException {
        Set<String> documented = documentedMetrics();
        assertThat(documented).as("the metrics table of " + OPERATIONS).isNotEmpty();
        Set<String> recorded = new TreeSet<>();
        for (JsonNode rule : rules()) {
            if (rule.has("record")) {
                recorded.add(rule.path("record").asText());
            }
        }
        Map<String, List<String>> queries = new LinkedHashMap<>();
        queries.put(RULES.toString(), rules().stream().map(rule -> rule.path("expr").asText()).toList());
        queries.put(DASHBOARD.toString(), dashboardQueries(JSON.readTree(DASHBOARD.toFile())));

        Set<String> problems = new TreeSet<>();
        queries.forEach((file, expressions) -> {
            for (String expression : expressions) {
                Matcher metric = HUB_METRIC.matcher(expression);
                while (metric.find()) {
                    String name = metric.group();
                    String base = SERIES_SUFFIX.matcher(name).replaceFirst("");
                    if (!documented.contains(name) && !documented.contains(base)) {
                        problems.add(file + " uses " + name + ", which the metrics table does not list");
                    }
                }
                Matcher record = RECORDED.matcher(expression);
                while (record.find()) {
                    if (!recorded.contains(record.group())) {
                        problems.add(file + " uses " + record.group() + ", which no rule in " + RULES + " records");
                    }
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void theAlertmanagerExampleIsValidAndPagesOnlyForCriticalAlerts() throws Exception {
        String amtool = tool("amtool", "prometheus-alertmanager");
        run(amtool, "check-config", ALERTMANAGER.toString());
        // exit 1 when the receivers the route tree picks are not the ones named
        run(amtool, "config", "routes", "test", "--config.file=" + ALERTMANAGER, "--verify.receivers=pagerduty,slack",
                "alertname=HubStockOversold", "severity=critical", "connector=shopify");
        run(amtool, "config", "routes", "test", "--config.file=" + ALERTMANAGER, "--verify.receivers=slack",
                "alertname=HubReconcileDrift", "severity=warning", "connector=shopify");
    }

    @Test
    void theDashboardIsGrafanaJsonOverAPrometheusVariableAndAConnectorVariable() throws IOException {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
        Map<String, JsonNode> variables = new HashMap<>();
        dashboard.path("templating").path("list").forEach(variable -> variables.put(variable.path("name").asText(), variable));
        assertThat(variables.get("DS_PROMETHEUS")).as("a data-source variable DS_PROMETHEUS").isNotNull();
        assertThat(variables.get("DS_PROMETHEUS").path("type").asText()).isEqualTo("datasource");
        assertThat(variables.get("DS_PROMETHEUS").path("query").asText()).isEqualTo("prometheus");
        assertThat(variables.get("connector")).as("a connector variable").isNotNull();
        assertThat(variables.get("connector").path("definition").asText())
                .isEqualTo("label_values(hub_webhooks_total, connector)");

        List<String> problems = new ArrayList<>();
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            if (!ids.add(panel.path("id").asInt())) {
                problems.add(title + ": id " + panel.path("id") + " is used twice");
            }
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            if (panel.path("targets").isEmpty()) {
                problems.add(title + ": no query");
            }
            List<JsonNode> sources = new ArrayList<>(List.of(panel.path("datasource")));
            panel.path("targets").forEach(sources::add);
            for (JsonNode source : sources) {
                JsonNode datasource = source.has("datasource") ? source.path("datasource") : source;
                if (!datasource.path("uid").asText().equals("${DS_PROMETHEUS}")) {
                    problems.add(title + ": data source " + datasource + " is not ${DS_PROMETHEUS}");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theDashboardsQueriesAreValidPromql() throws Exception {
        String promtool = tool("promtool", "prometheus");
        // each query as a recording rule, Grafana's variables replaced by values, for promtool to parse
        ObjectNode file = JSON.createObjectNode();
        ObjectNode group = file.putArray("groups").addObject().put("name", "dashboard-queries");
        ArrayNode records = group.putArray("rules");
        List<String> queries = dashboardQueries(JSON.readTree(DASHBOARD.toFile()));
        for (int i = 0; i < queries.size(); i++) {
            String query = queries.get(i);
            if (query.startsWith("label_values(")) {
                continue;
            }
            records.addObject().put("record", "dashboard_query_" + i).put("expr", query
                    .replace("$__rate_interval", "1m").replace("$__range", "6h").replace("$connector", ".*"));
        }
        Path rules = tempDir.resolve("dashboard-queries.yml");
        JSON.writeValue(rules.toFile(), file);
        run(promtool, "check", "rules", rules.toString());
    }

    // --- the files

    private static List<Path> ruleTestFiles() throws IOException {
        try (Stream<Path> files = Files.list(RULE_TESTS)) {
            List<Path> found = files.filter(file -> file.toString().endsWith(".yml")).sorted().toList();
            assertThat(found).as("promtool unit tests under " + RULE_TESTS).isNotEmpty();
            return found;
        }
    }

    private static List<JsonNode> rules() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        YAML.readTree(RULES.toFile()).path("groups").forEach(group -> group.path("rules").forEach(rules::add));
        assertThat(rules).as("rules in " + RULES).isNotEmpty();
        return rules;
    }

    private static Map<String, JsonNode> alerts() throws IOException {
        Map<String, JsonNode> alerts = new LinkedHashMap<>();
        for (JsonNode rule : rules()) {
            if (rule.has("alert")) {
                alerts.put(rule.path("alert").asText(), rule);
            }
        }
        return alerts;
    }

    /** Every panel query and the template variables' queries. */
    private static List<String> dashboardQueries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> queries.add(target.path("expr").asText())));
        dashboard.path("templating").path("list").forEach(variable -> {
            if (variable.path("type").asText().equals("query")) {
                queries.add(variable.path("definition").asText());
            }
        });
        return queries;
    }

    /** The hub_ metrics named in the first column of the table under "## Metrics". */
    private static Set<String> documentedMetrics() throws IOException {
        Set<String> names = new TreeSet<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(OPERATIONS, UTF_8)) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith("## Metrics");
            } else if (inSection && line.startsWith("|")) {
                Matcher metric = HUB_METRIC.matcher(line.split("\\|")[1]);
                while (metric.find()) {
                    names.add(metric.group());
                }
            }
        }
        return names;
    }

    /** The anchors GitHub gives a Markdown file's headings (outside code blocks). */
    static Set<String> anchors(Path markdown) throws IOException {
        Set<String> anchors = new TreeSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(markdown, UTF_8)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (!fenced && heading.matches()) {
                String slug = heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                int before = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(before == 0 ? slug : slug + "-" + before);
            }
        }
        return anchors;
    }

    // --- the tools

    private static String tool(String name, String debianPackage) {
        return RequiredTool.find(name, debianPackage);
    }

    private void run(String... command) throws IOException, InterruptedException {
        run(List.of(command));
    }

    /** Runs the command from the repository root and asserts it exits 0, showing what it printed when it does not. */
    private void run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(tempDir, "tool-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 2 minutes:\n" + Files.readString(output, UTF_8));
        }
        assertThat(process.exitValue())
                .as("%s exited with %d:%n%s", String.join(" ", command), process.exitValue(), Files.readString(output, UTF_8))
                .isZero();
    }
}
