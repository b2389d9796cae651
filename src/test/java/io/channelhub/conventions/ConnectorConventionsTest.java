package io.channelhub.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelhub.connector.MarketplaceConnector;
import io.channelhub.support.TestHubSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * The "add a marketplace" guide in docs/connectors.md holds because every shipped connector follows it: its own
 * package with a package-info, a section in the guide, tests of its own, and an instance in the test hub that a
 * flow test sends webhooks to.
 */
class ConnectorConventionsTest {

    private static final Path TESTS = Path.of("src/test/java");

    @Test
    void everyShippedMarketplaceFollowsTheGuide(@TempDir Path dataDir) throws Exception {
        String guide = Files.readString(Path.of("docs/connectors.md"));
        // the settings write a credentials file into the data directory: a throwaway one, not the working tree
        Map<String, String> testHub = TestHubSettings.forDataDir(dataDir);
        String allTests = allTestSources();
        List<String> problems = new ArrayList<>();
        List<Class<?>> connectors = marketplaceConnectors();
        assertThat(connectors).hasSizeGreaterThanOrEqualTo(6);

        for (Class<?> type : connectors) {
            String name = typeName(type);
            String pkg = type.getPackageName();
            if (!pkg.startsWith("io.channelhub.connector.") || !hasPackageInfo(pkg)) {
                problems.add(type.getSimpleName() + ": not in a package of its own with a package-info");
            }
            if (!guide.contains("(`" + name + "`)")) {
                problems.add(name + ": no section \"(`" + name + "`)\" in docs/connectors.md");
            }
            Path ownTests = TESTS.resolve(pkg.replace('.', '/'));
            if (!Files.isDirectory(ownTests) || listTests(ownTests).isEmpty()) {
                problems.add(name + ": no tests in " + ownTests);
            }
            List<String> instances = testHub.entrySet().stream()
                    .filter(e -> e.getKey().matches("hub\\.connectors\\.[a-z0-9-]+\\.type") && e.getValue().equals(name))
                    .map(e -> e.getKey().split("\\.")[2]).toList();
            if (instances.isEmpty()) {
                problems.add(name + ": no instance in TestHubSettings");
            } else if (instances.stream().noneMatch(id -> allTests.contains("\"" + id + "\""))) {
                problems.add(name + ": no test sends to its instance " + instances);
            }
        }
        assertThat(problems).isEmpty();
    }

    private static List<Class<?>> marketplaceConnectors() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(MarketplaceConnector.class));
        List<Class<?>> found = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("io.channelhub")) {
            found.add(Class.forName(candidate.getBeanClassName()));
        }
        return found;
    }

    /** The type name, read from the class's type() without constructing its collaborators. */
    private static String typeName(Class<?> type) throws Exception {
        return (String) type.getMethod("type").invoke(withoutCollaborators(type));
    }

    private static Object withoutCollaborators(Class<?> type) {
        try {
            var constructor = type.getConstructors()[0];
            Object[] nulls = new Object[constructor.getParameterCount()];
            return constructor.newInstance(nulls);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type, e);
        }
    }

    private static boolean hasPackageInfo(String pkg) {
        try {
            Class.forName(pkg + ".package-info");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static List<Path> listTests(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith("Test.java")).toList();
        }
    }

    private static String allTestSources() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(TESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }
}
