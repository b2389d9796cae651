package io.channelhub.inventory;

import io.channelhub.ops.AuditLog;
import io.channelhub.ops.OpsConnectors;
import io.channelhub.ops.OpsPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Runs a connector's stock reconciliation now (it also runs on {@code hub.stock.reconcile-schedule}). */
@RestController
public class StockReconcileController {

    private final OpsConnectors connectors;
    private final StockReconciliation reconciliation;
    private final AuditLog audit;

    public StockReconcileController(OpsConnectors connectors, StockReconciliation reconciliation, AuditLog audit) {
        this.connectors = connectors;
        this.reconciliation = reconciliation;
        this.audit = audit;
    }

    /** The audit entry has no "before" (a check changes no state of its own) and the summary as "after". */
    @PostMapping("/ops/connectors/{connectorId}/stock-reconcile")
    public StockReconciliation.StockReconciliationSummary reconcile(@PathVariable String connectorId, OpsPrincipal who) {
        connectors.pushingStock(connectorId);
        StockReconciliation.StockReconciliationSummary summary = reconciliation.run(connectorId);
        audit.record(who, "connector.stock-reconcile", "connector", connectorId, null, summary, null);
        return summary;
    }
}
