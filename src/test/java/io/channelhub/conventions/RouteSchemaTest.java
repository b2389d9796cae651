package io.channelhub.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every route file is valid against the JSON schema that ships inside camel-yaml-dsl. */
class RouteSchemaTest {

    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = RouteSchemaTest.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
            assertThat(in).as("camel-yaml-dsl ships schema/camelYamlDsl.json").isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(new ObjectMapper().readTree(in));
        }
    }

    static List<Path> routeFiles() throws IOException {
        List<Path> files = RouteFiles.all();
        assertThat(files).as("route files under routes/").isNotEmpty();
        return files;
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void routeFileMatchesTheCamelYamlDslSchema(Path file) {
        Set<ValidationMessage> errors = schema.validate(RouteFiles.read(file));
        assertThat(errors).as(file.toString()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void theSchemaCatchesAMistake() throws IOException {
        // guards the test above against a schema that accepts anything
        var broken = new ObjectMapper().readTree("[{\"route\": {\"id\": \"x\", \"from\": {\"uri\": \"direct:x\", \"stepz\": []}}}]");
        assertThat(schema.validate(broken)).isNotEmpty();
    }
}
