package io.channelhub.probe;

import io.channelhub.ops.AuditLog;
import io.channelhub.ops.OpsPrincipal;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Runs a synthetic probe now, e.g. to check the path after an incident without waiting for the schedule. */
@RestController
@ConditionalOnProperty(name = "hub.probe.enabled", havingValue = "true", matchIfMissing = true)
public class ProbeController {

    private final SyntheticProbe probe;
    private final AuditLog audit;

    public ProbeController(SyntheticProbe probe, AuditLog audit) {
        this.probe = probe;
        this.audit = audit;
    }

    /** 200 with the result, whether the probe succeeded or not: the probe ran; its result says how it went. */
    @PostMapping("/ops/probe")
    public ProbeResult run(OpsPrincipal who) {
        ProbeResult result = probe.probe();
        audit.record(who, "probe.run", "probe", null, null, Map.of("success", result.success()), result.error());
        return result;
    }
}
