package io.channelhub.ops;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log for people: every ops action, newest first, filtered by who, what, which target and when. */
@Validated
@RestController
@RequestMapping("/ops/audit")
public class AuditController {

    private final AuditLog audit;

    public AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    public Page list(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
            @RequestParam(required = false) String targetType, @RequestParam(required = false) String targetId,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        AuditLog.AuditQuery query = new AuditLog.AuditQuery(actor, action, targetType, targetId, from, to);
        return new Page(audit.count(query), audit.page(query, page, size));
    }

    /** A page of the audit log and how many entries match in all. */
    public record Page(long total, List<AuditEntry> items) {
    }
}
