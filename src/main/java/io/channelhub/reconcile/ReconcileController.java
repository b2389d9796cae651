package io.channelhub.reconcile;

import io.channelhub.ops.AuditLog;
import io.channelhub.ops.OpsConnectors;
import io.channelhub.ops.OpsPrincipal;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reconciliation for operators: run one now (optionally from an explicit time, e.g. after an outage longer than the
 * overlap) and see the latest runs. A run started here is the same route the schedule starts.
 */
@Validated
@RestController
@RequestMapping("/ops/connectors/{connectorId}")
public class ReconcileController {

    private final OpsConnectors connectors;
    private final ProducerTemplate camel;
    private final ReconciliationHistory history;
    private final AuditLog audit;

    public ReconcileController(OpsConnectors connectors, ProducerTemplate camel, ReconciliationHistory history,
            AuditLog audit) {
        this.connectors = connectors;
        this.camel = camel;
        this.history = history;
        this.audit = audit;
    }

    /**
     * Runs a reconciliation and answers its summary when every page is enqueued: 200, or 502 when it failed. The audit
     * entry holds the connector's previous run as "before" and this one as "after", failed or not.
     */
    @PostMapping("/reconcile")
    public ResponseEntity<ReconciliationSummary> reconcile(@PathVariable String connectorId,
            @RequestParam(required = false) Instant since, OpsPrincipal who) {
        connectors.reconciling(connectorId);
        ReconciliationSummary previous = history.recent(connectorId, 1).stream().findFirst().orElse(null);
        ReconciliationSummary summary = camel.requestBodyAndHeaders("direct:reconcile-poll-" + connectorId, null,
                since == null ? Map.of() : Map.of(ReconciliationStart.SINCE_HEADER, since), ReconciliationSummary.class);
        audit.record(who, "connector.reconcile", "connector", connectorId, previous, summary,
                since == null ? null : "since " + since);
        return ResponseEntity.status(summary.outcome() == ReconciliationSummary.Outcome.SUCCEEDED
                ? HttpStatus.OK : HttpStatus.BAD_GATEWAY).body(summary);
    }

    @GetMapping("/reconciliations")
    public List<ReconciliationSummary> recent(@PathVariable String connectorId,
            @RequestParam(defaultValue = "20") @Min(1) @Max(500) int limit) {
        connectors.reconciling(connectorId);
        return history.recent(connectorId, limit);
    }
}
