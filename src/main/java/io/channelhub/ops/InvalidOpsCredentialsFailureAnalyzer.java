package io.channelhub.ops;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns refused ops credentials into Spring Boot's short start-failure report instead of a deep stack trace. */
class InvalidOpsCredentialsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidOpsCredentialsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidOpsCredentialsException cause) {
        return new FailureAnalysis("The ops credentials cannot be used: " + cause.getMessage(),
                "Correct hub.ops.token, hub.ops.tokens.<name>.role/.token or the file of hub.ops.credentials-file "
                        + "(one 'name role token' a line, role viewer or operator); see docs/operations.md, "
                        + "\"Access control\".", cause);
    }
}
