package io.channelhub.retention;

import io.channelhub.ops.AuditLog;
import io.channelhub.ops.OpsPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs retention now, on this instance, whether or not the schedule is switched on: after lowering a window, or to see
 * what a run deletes. A run here may overlap a scheduled one on another instance; that is harmless, each row is
 * deleted once and counted by whoever deleted it.
 */
@RestController
public class RetentionController {

    private final RetentionJob retention;
    private final AuditLog audit;

    public RetentionController(RetentionJob retention, AuditLog audit) {
        this.retention = retention;
        this.audit = audit;
    }

    /** Answers how many rows of each kind were deleted and the bounds used. */
    @PostMapping("/ops/retention/run")
    public RetentionResult run(OpsPrincipal who) {
        RetentionResult result = retention.run("ops by " + who.name());
        audit.record(who, "retention.run", "retention", null, null, result, null);
        return result;
    }
}
