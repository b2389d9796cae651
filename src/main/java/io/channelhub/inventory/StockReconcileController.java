package io.channelhub.inventory;

import io.channelhub.connector.control.ConnectorControls;
import io.channelhub.ops.AuditLog;
import io.channelhub.ops.OpsConnectors;
import io.channelhub.ops.OpsPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Runs a connector's stock reconciliation now (it also runs on {@code hub.stock.reconcile-schedule}); refused with 409
 * while the connector's stock pushes are disabled, as the schedule skips it then: both would call the marketplace.
 */
@RestController
public class StockReconcileController {

    private final OpsConnectors connectors;
    private final ConnectorControls controls;
    private final StockReconciliation reconciliation;
    private final AuditLog audit;

    public StockReconcileController(OpsConnectors connectors, ConnectorControls controls,
            StockReconciliation reconciliation, AuditLog audit) {
        this.connectors = connectors;
        this.controls = controls;
        this.reconciliation = reconciliation;
        this.audit = audit;
    }

    /** The audit entry has no "before" (a check changes no state of its own) and the summary as "after". */
    @PostMapping("/ops/connectors/{connectorId}/stock-reconcile")
    public StockReconciliation.StockReconciliationSummary reconcile(@PathVariable String connectorId, OpsPrincipal who) {
        connectors.pushingStock(connectorId);
        if (controls.stored(connectorId).stockPushesDisabled()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "stock pushes of connector " + connectorId
                    + " are disabled: enable them first (POST /ops/connectors/" + connectorId + "/stock-pushes/enable)");
        }
        StockReconciliation.StockReconciliationSummary summary = reconciliation.run(connectorId);
        audit.record(who, "connector.stock-reconcile", "connector", connectorId, null, summary, null);
        return summary;
    }
}
