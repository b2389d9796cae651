package io.channelhub.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What can be checked of the deployment files without Docker or nginx (neither is where the suite runs): compose.yaml
 * parses and its parts agree with each other and with the hub's configuration, the nginx configuration is well formed
 * and sends webhooks to exactly the compose file's hubs, and the Dockerfile runs as the hub expects. Whether the
 * images build and the topology comes up is NOT tested here; docs/deployment.md says so.
 */
class DeploymentFilesTest {

    private static final Set<String> BROKERS = Set.of("kafka-1", "kafka-2", "kafka-3");
    private static final Set<String> HUBS = Set.of("hub-1", "hub-2");
    /** A placeholder without a default: the variable must be set. */
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

    @Test
    void theComposeTopologyIsThreeReplicatedKraftBrokersPostgreSqlTwoHubsAndALoadBalancer() throws IOException {
        Map<String, Object> services = map(compose().get("services"));
        assertThat(services).containsOnlyKeys("kafka-1", "kafka-2", "kafka-3", "postgres", "hub-1", "hub-2", "nginx");

        Set<String> nodeIds = new TreeSet<>();
        Set<String> advertised = new TreeSet<>();
        for (String broker : BROKERS) {
            Map<String, Object> env = environment(services, broker);
            assertThat(env).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                    .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093")
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", 3).containsEntry("KAFKA_MIN_INSYNC_REPLICAS", 2)
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", 3)
                    .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false").containsKey("CLUSTER_ID");
            nodeIds.add(String.valueOf(env.get("KAFKA_NODE_ID")));
            advertised.add(String.valueOf(env.get("KAFKA_ADVERTISED_LISTENERS")).replace("PLAINTEXT://", ""));
        }
        assertThat(nodeIds).as("one node id per broker").containsExactly("1", "2", "3");

        Map<String, Object> postgres = environment(services, "postgres");
        Set<String> required = new TreeSet<>();
        Matcher placeholders = REQUIRED_VARIABLE.matcher(Files.readString(Path.of("config/application-postgres.yaml")));
        while (placeholders.find()) {
            required.add(placeholders.group(1));
        }
        for (String hub : HUBS) {
            Map<String, Object> env = environment(services, hub);
            assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "postgres")
                    .containsEntry("HUB_DB_URL", "jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"))
                    .containsEntry("HUB_DB_USER", postgres.get("POSTGRES_USER"))
                    .containsEntry("HUB_DB_PASSWORD", postgres.get("POSTGRES_PASSWORD"));
            assertThat(new TreeSet<>(Arrays.asList(String.valueOf(env.get("KAFKA_BOOTSTRAP_SERVERS")).split(","))))
                    .as("every broker, as it advertises itself").isEqualTo(advertised);
            assertThat(required).as("what the postgres profile cannot start without, compose gives")
                    .isSubsetOf(env.keySet()).contains("HUB_DB_URL", "HUB_DB_USER", "KAFKA_BOOTSTRAP_SERVERS");
            assertThat(list(map(services.get(hub)).get("ports"))).singleElement().asString()
                    .as("the ops port, on the loopback only").startsWith("127.0.0.1:").endsWith(":8081");
        }

        Map<String, Object> nginx = map(services.get("nginx"));
        assertThat(list(nginx.get("ports"))).containsExactly("8080:80");
        assertThat(list(nginx.get("volumes")))
                .containsExactly("./config/nginx/channel-hub.conf:/etc/nginx/conf.d/default.conf:ro");
    }

    @Test
    void nginxIsWellFormedAndSendsOnlyWebhooksToTheComposeHubs() throws IOException {
        String conf = Files.readString(Path.of("config/nginx/channel-hub.conf"));
        List<String> problems = new ArrayList<>();
        int depth = 0;
        for (String raw : conf.lines().toList()) {
            String line = raw.replaceAll("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            depth += line.endsWith("{") ? 1 : 0;
            depth -= line.equals("}") ? 1 : 0;
            if (!line.endsWith(";") && !line.endsWith("{") && !line.equals("}")) {
                problems.add("not a directive, block or block end: " + line);
            }
            if (depth < 0) {
                problems.add("a } without its block: " + line);
            }
        }
        assertThat(problems).isEmpty();
        assertThat(depth).as("every block closed").isZero();

        Matcher servers = Pattern.compile("(?m)^\\s*server\\s+([\\w.-]+):(\\d+)").matcher(conf);
        Set<String> upstream = new TreeSet<>();
        while (servers.find()) {
            upstream.add(servers.group(1));
            assertThat(servers.group(2)).as("hub.ingest.port, the webhook port").isEqualTo("8080");
        }
        assertThat(upstream).isEqualTo(new TreeSet<>(HUBS));
        assertThat(Pattern.compile("(?m)^\\s*location\\s+(\\S+)").matcher(conf).results().map(m -> m.group(1)).toList())
                .containsExactly("/webhooks/", "/");
        assertThat(conf).contains("proxy_pass http://channel_hub_webhooks;").doesNotContain(":8081");
    }

    @Test
    void theImageRunsTheJarAsAnUnprivilegedUserNextToConfigAndRoutes() throws IOException {
        List<String> instructions = Files.readAllLines(Path.of("Dockerfile")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith(" ")).toList();
        assertThat(instructions).filteredOn(line -> line.startsWith("FROM "))
                .containsExactly("FROM eclipse-temurin:17-jdk AS build", "FROM eclipse-temurin:17-jre");
        assertThat(instructions).contains("WORKDIR /app", "COPY config config", "COPY routes routes",
                "EXPOSE 8080 8081", "USER 10001:10001");
        assertThat(instructions.get(instructions.size() - 1)).isEqualTo("ENTRYPOINT [\"java\", \"-jar\", \"/app/channel-hub.jar\"]");
    }

    private static Map<String, Object> compose() throws IOException {
        return new Yaml().load(Files.readString(Path.of("compose.yaml")));
    }

    private static Map<String, Object> environment(Map<String, Object> services, String service) {
        return map(map(services.get(service)).get("environment"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return (List<Object>) node;
    }
}
