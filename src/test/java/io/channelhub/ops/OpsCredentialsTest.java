package io.channelhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

@ExtendWith(OutputCaptureExtension.class)
class OpsCredentialsTest {

    private static final String ALICE_TOKEN = "alice-token-4f1d9c";
    private static final String OPS_TOKEN = "ops-token-77ab02";

    @Test
    void namedTokensComeFromTheEnvironmentAndHubOpsTokenIsTheOperatorOps(@TempDir Path dir) {
        OpsProperties properties = bindEnvironment(Map.of(
                "HUB_OPS_TOKEN", OPS_TOKEN,
                "HUB_OPS_TOKENS_ALICE_ROLE", "viewer",
                "HUB_OPS_TOKENS_ALICE_TOKEN", ALICE_TOKEN,
                "HUB_OPS_CREDENTIALS_FILE", write(dir, "bob operator bob-token-1\n").toString(),
                "HUB_OPS_FAILED_AUTH_LIMIT", "3"));

        OpsCredentials credentials = OpsCredentials.from(properties);

        assertThat(credentials.authenticate(ALICE_TOKEN)).contains(new OpsPrincipal("alice", OpsRole.VIEWER));
        assertThat(credentials.authenticate(OPS_TOKEN)).contains(new OpsPrincipal("ops", OpsRole.OPERATOR));
        assertThat(credentials.authenticate("bob-token-1")).contains(new OpsPrincipal("bob", OpsRole.OPERATOR));
        assertThat(properties.failedAuth().limit()).isEqualTo(3);
    }

    @Test
    void theFailedAuthenticationLimitHasDefaults() {
        OpsProperties.FailedAuth defaults = bindEnvironment(Map.of()).failedAuth();

        assertThat(defaults.limit()).isEqualTo(10);
        assertThat(defaults.window()).hasMinutes(1);
        assertThat(defaults.maxAddresses()).isEqualTo(10_000);
    }

    @Test
    void onlyTheWholeTokenAuthenticates() {
        OpsCredentials credentials = OpsCredentials.of(List.of(credential("alice", OpsRole.VIEWER, ALICE_TOKEN)));

        assertThat(credentials.authenticate(ALICE_TOKEN)).isPresent();
        assertThat(credentials.authenticate(ALICE_TOKEN.substring(0, 5))).isEmpty();
        assertThat(credentials.authenticate(ALICE_TOKEN + "x")).isEmpty();
        assertThat(credentials.authenticate("")).isEmpty();
        assertThat(OpsCredentials.of(List.of()).isEmpty()).isTrue();
    }

    @Test
    void aNameOrATokenConfiguredTwiceRefusesTheStartWithoutShowingTheToken() {
        assertThatThrownBy(() -> OpsCredentials.of(List.of(credential("alice", OpsRole.VIEWER, ALICE_TOKEN),
                credential("alice", OpsRole.OPERATOR, "other-token"))))
                .hasMessageContaining("'alice' is configured twice");
        assertThatThrownBy(() -> OpsCredentials.of(List.of(credential("alice", OpsRole.VIEWER, ALICE_TOKEN),
                credential("bob", OpsRole.OPERATOR, ALICE_TOKEN))))
                .hasMessageContaining("have the same token")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(ALICE_TOKEN));
        assertThatThrownBy(() -> OpsCredentials.of(List.of(credential("al ice", OpsRole.VIEWER, ALICE_TOKEN))))
                .hasMessageContaining("name");
    }

    @Test
    void aNamedTokenWithoutATokenOrWithAnUnknownRoleRefusesTheStart() {
        assertThatThrownBy(() -> OpsCredentials.from(bindEnvironment(Map.of("HUB_OPS_TOKENS_ALICE_ROLE", "viewer"))))
                .hasMessage("hub.ops.tokens.alice.token is not set");
        assertThatThrownBy(() -> OpsCredentials.from(bindEnvironment(Map.of("HUB_OPS_TOKENS_ALICE_ROLE", "admin",
                "HUB_OPS_TOKENS_ALICE_TOKEN", ALICE_TOKEN))))
                .hasMessage("hub.ops.tokens.alice.role must be viewer or operator");
    }

    @Test
    void toStringAndTheStartLogNeverShowATokenButTheNames(CapturedOutput output) {
        OpsProperties properties = bindEnvironment(Map.of("HUB_OPS_TOKEN", OPS_TOKEN,
                "HUB_OPS_TOKENS_ALICE_ROLE", "viewer", "HUB_OPS_TOKENS_ALICE_TOKEN", ALICE_TOKEN));

        OpsCredentials credentials = new OpsAccessConfiguration().opsCredentials(properties);

        assertThat(properties.toString()).contains("alice", "***").doesNotContain(ALICE_TOKEN, OPS_TOKEN);
        assertThat(credentials.toString()).contains("alice (viewer)", "ops (operator)").doesNotContain(ALICE_TOKEN, OPS_TOKEN);
        assertThat(credential("alice", OpsRole.VIEWER, ALICE_TOKEN).toString()).doesNotContain(ALICE_TOKEN);
        assertThat(output.getAll()).contains("alice (viewer)").doesNotContain(ALICE_TOKEN, OPS_TOKEN);
    }

    @Test
    void aRefusedStartIsReportedShortly() {
        Exception failure = new BeanCreationException("opsCredentials",
                new InvalidOpsCredentialsException("ops-credentials line 2: the second field must be a role, viewer or operator"));

        FailureAnalysis analysis = new InvalidOpsCredentialsFailureAnalyzer().analyze(failure);

        assertThat(analysis.getDescription()).isEqualTo("The ops credentials cannot be used: ops-credentials line 2: "
                + "the second field must be a role, viewer or operator");
        assertThat(analysis.getAction()).contains("hub.ops.credentials-file", "docs/operations.md");
    }

    /** Binds {@code hub.ops} from variables as Spring binds the operating system's environment. */
    static OpsProperties bindEnvironment(Map<String, Object> variables) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate("hub.ops", Bindable.of(OpsProperties.class));
    }

    private static OpsCredential credential(String name, OpsRole role, String token) {
        return new OpsCredential(name, role, token, "test");
    }

    private static Path write(Path dir, String content) {
        try {
            return Files.writeString(dir.resolve("ops-tokens"), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
