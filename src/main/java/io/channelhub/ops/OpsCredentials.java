package io.channelhub.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The credentials that may call the ops API, from {@code hub.ops.token}, {@code hub.ops.tokens.*} and
 * {@code hub.ops.credentials-file} together. Only SHA-256 digests of the tokens are kept: comparing two fixed-length
 * digests with {@link MessageDigest#isEqual} takes the same time whatever is presented, so neither a token's
 * content nor its length can be learned by timing answers.
 */
public final class OpsCredentials {

    /** What the audit log's actor column and a log line can hold safely. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final List<Known> known;

    private OpsCredentials(List<Known> known) {
        this.known = List.copyOf(known);
    }

    /** Every configured credential; refuses (with the place of the mistake, never a token) what cannot work. */
    public static OpsCredentials from(OpsProperties properties) {
        List<OpsCredential> credentials = new ArrayList<>();
        if (properties.hasToken()) {
            credentials.add(new OpsCredential("ops", OpsRole.OPERATOR, properties.token(), "hub.ops.token"));
        }
        properties.tokens().forEach((name, configured) -> credentials.add(named(name, configured)));
        if (properties.credentialsFile() != null) {
            credentials.addAll(CredentialsFile.read(properties.credentialsFile()));
        }
        return of(credentials);
    }

    static OpsCredentials of(List<OpsCredential> credentials) {
        Map<String, OpsCredential> byName = new HashMap<>();
        Map<String, OpsCredential> byDigest = new HashMap<>();
        List<Known> known = new ArrayList<>();
        for (OpsCredential credential : credentials) {
            if (!NAME.matcher(credential.name()).matches()) {
                throw new InvalidOpsCredentialsException(credential.source() + ": a credential's name is 1 to 64 letters, "
                        + "digits, '.', '_', '@' or '-'");
            }
            OpsCredential sameName = byName.putIfAbsent(credential.name(), credential);
            if (sameName != null) {
                throw new InvalidOpsCredentialsException("the ops credential '" + credential.name() + "' is configured twice: "
                        + sameName.source() + " and " + credential.source());
            }
            byte[] digest = sha256(credential.token());
            OpsCredential sameToken = byDigest.putIfAbsent(HexFormat.of().formatHex(digest), credential);
            if (sameToken != null) {
                // one token for two names would make the audit log's "who" a guess
                throw new InvalidOpsCredentialsException("the ops credentials '" + sameToken.name() + "' (" + sameToken.source()
                        + ") and '" + credential.name() + "' (" + credential.source() + ") have the same token");
            }
            known.add(new Known(new OpsPrincipal(credential.name(), credential.role()), digest));
        }
        return new OpsCredentials(known);
    }

    public boolean isEmpty() {
        return known.isEmpty();
    }

    /** The credential whose token was presented, if any. */
    public Optional<OpsPrincipal> authenticate(String presented) {
        byte[] digest = sha256(presented);
        OpsPrincipal match = null;
        // every digest is compared, so the time taken does not say which credential (if any) matched
        for (Known candidate : known) {
            if (MessageDigest.isEqual(candidate.digest(), digest)) {
                match = candidate.principal();
            }
        }
        return Optional.ofNullable(match);
    }

    /** Names and roles, for the log at start; never the tokens. */
    @Override
    public String toString() {
        return known.stream().map(k -> k.principal().name() + " (" + k.principal().role().label() + ")")
                .collect(Collectors.joining(", ", "OpsCredentials[", "]"));
    }

    private static OpsCredential named(String name, OpsProperties.NamedToken configured) {
        String source = "hub.ops.tokens." + name;
        if (configured.token() == null || configured.token().isBlank()) {
            throw new InvalidOpsCredentialsException(source + ".token is not set");
        }
        OpsRole role = OpsRole.fromLabel(configured.role()).orElseThrow(() -> new InvalidOpsCredentialsException(
                source + ".role must be viewer or operator"));
        return new OpsCredential(name, role, configured.token(), source);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private record Known(OpsPrincipal principal, byte[] digest) {
    }
}
