package io.channelhub.inventory;

import io.channelhub.ops.OpsConnectors;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Runs a connector's stock reconciliation now (it also runs on {@code hub.stock.reconcile-schedule}). */
@RestController
public class StockReconcileController {

    private final OpsConnectors connectors;
    private final StockReconciliation reconciliation;

    public StockReconcileController(OpsConnectors connectors, StockReconciliation reconciliation) {
        this.connectors = connectors;
        this.reconciliation = reconciliation;
    }

    @PostMapping("/ops/connectors/{connectorId}/stock-reconcile")
    public StockReconciliation.StockReconciliationSummary reconcile(@PathVariable String connectorId) {
        connectors.pushingStock(connectorId);
        return reconciliation.run(connectorId);
    }
}
