package io.channelhub.ops;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may use the ops API and the actuator ({@code hub.ops}). None of the credentials has a built-in default: with
 * none configured, every guarded request is refused. The three sources add up; a name or a token configured twice
 * refuses the start (see {@link OpsCredentials}).
 *
 * @param token           an operator token named {@code ops} ({@code HUB_OPS_TOKEN}), the hub's first and simplest
 *                        credential
 * @param tokens          named credentials, {@code hub.ops.tokens.<name>.role} and {@code .token}, so the environment
 *                        can hold them ({@code HUB_OPS_TOKENS_ALICE_ROLE=viewer}, {@code HUB_OPS_TOKENS_ALICE_TOKEN=...})
 * @param credentialsFile a file of credentials, one {@code name role token} a line (see {@link CredentialsFile}), read
 *                        at start ({@code HUB_OPS_CREDENTIALS_FILE}). Not {@code tokens-file}: its variable
 *                        {@code HUB_OPS_TOKENS_FILE} would bind as a credential named {@code file} of {@code tokens}
 * @param failedAuth      how many failed authentications an address may make before it is refused for a while
 */
@Validated
@ConfigurationProperties("hub.ops")
public record OpsProperties(String token, Map<String, NamedToken> tokens, Path credentialsFile,
        @Valid @NotNull @DefaultValue FailedAuth failedAuth) {

    public OpsProperties {
        tokens = tokens == null ? Map.of() : Map.copyOf(tokens);
    }

    public boolean hasToken() {
        return token != null && !token.isBlank();
    }

    @Override
    public String toString() {
        // the record's own toString would print every token; sorted so the output is stable
        return "OpsProperties[token=" + (hasToken() ? "***" : "<none>") + ", tokens=" + new TreeMap<>(tokens)
                + ", credentialsFile=" + credentialsFile + ", failedAuth=" + failedAuth + "]";
    }

    /**
     * One credential of {@code hub.ops.tokens}, named by its key.
     *
     * @param role  {@code viewer} or {@code operator}; kept as text so a wrong value is reported without echoing it
     *              (a token pasted into the wrong key would otherwise end up in the error message)
     * @param token the bearer token
     */
    public record NamedToken(String role, String token) {

        @Override
        public String toString() {
            return "NamedToken[role=" + OpsRole.fromLabel(role).map(OpsRole::label).orElse("<invalid>") + ", token="
                    + (token == null || token.isBlank() ? "<none>" : "***") + "]";
        }
    }

    /**
     * The limit on failed authentications ({@code hub.ops.failed-auth}): once an address has failed {@code limit}
     * times within {@code window} (counted from its first failure), it is answered 429 until the window ends, even
     * with a valid token.
     *
     * @param limit        failed attempts allowed per address and window; default 10
     * @param window       how long failures are counted and an address then refused; default 1 minute
     * @param maxAddresses most addresses tracked at once, which bounds the memory; when full, the oldest window is
     *                     forgotten first; default 10,000
     */
    public record FailedAuth(@DefaultValue("10") @Min(1) int limit, @DefaultValue("1m") @NotNull Duration window,
            @DefaultValue("10000") @Min(1) int maxAddresses) {
    }
}
