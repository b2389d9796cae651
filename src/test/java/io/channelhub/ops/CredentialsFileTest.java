package io.channelhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialsFileTest {

    @Test
    void oneCredentialALineWithCommentsBlankLinesAndAnyWhitespace() {
        List<OpsCredential> credentials = CredentialsFile.parse(List.of(
                "\uFEFF# name  role      token",
                "alice   viewer    a-token-1",
                "",
                "   # the night shift",
                "bob\toperator\tb-token-2\r",
                "carol  VIEWER  c-token-3   "), "ops-tokens");

        assertThat(credentials).extracting(OpsCredential::name, OpsCredential::role, OpsCredential::token)
                .containsExactly(
                        tuple("alice", OpsRole.VIEWER, "a-token-1"),
                        tuple("bob", OpsRole.OPERATOR, "b-token-2"),
                        tuple("carol", OpsRole.VIEWER, "c-token-3"));
        assertThat(credentials.get(1).source()).isEqualTo("ops-tokens line 5");
    }

    @Test
    void aMalformedLineRefusesTheFileNamingTheLineButNotItsContent() {
        assertThatThrownBy(() -> CredentialsFile.parse(List.of("alice viewer a-token-1", "bob b-secret-2"), "ops-tokens"))
                .hasMessage("ops-tokens line 2: expected three fields 'name role token', found 2")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("b-secret-2"));
        assertThatThrownBy(() -> CredentialsFile.parse(List.of("bob operator b-secret 2"), "ops-tokens"))
                .hasMessage("ops-tokens line 1: expected three fields 'name role token', found 4");
    }

    @Test
    void anUnknownRoleRefusesTheFileWithoutEchoingTheField() {
        // fields in the wrong order put the token where the role belongs
        assertThatThrownBy(() -> CredentialsFile.parse(List.of("bob b-secret-2 operator"), "ops-tokens"))
                .hasMessage("ops-tokens line 1: the second field must be a role, viewer or operator");
    }

    @Test
    void aMissingFileRefusesTheStartNamingIt() {
        assertThatThrownBy(() -> CredentialsFile.read(Path.of("/nonexistent/ops-tokens")))
                .hasMessageContaining("hub.ops.credentials-file /nonexistent/ops-tokens cannot be read");
    }
}
