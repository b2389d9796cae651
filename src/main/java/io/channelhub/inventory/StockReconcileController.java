package io.channelhub.inventory;

import io.channelhub.connector.ConnectorRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Runs a connector's stock reconciliation now (it also runs on {@code hub.stock.reconcile-schedule}). */
@RestController
public class StockReconcileController {

    private final ConnectorRegistry connectors;
    private final StockReconciliation reconciliation;

    public StockReconcileController(ConnectorRegistry connectors, StockReconciliation reconciliation) {
        this.connectors = connectors;
        this.reconciliation = reconciliation;
    }

    @PostMapping("/ops/connectors/{connectorId}/stock-reconcile")
    public StockReconciliation.StockReconciliationSummary reconcile(@PathVariable String connectorId) {
        var connector = connectors.find(connectorId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no connector " + connectorId));
        if (!connector.marketplace().pushesStock() || !connector.marketplace().apiConfigured(connector.settings())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "connector " + connectorId + " cannot push stock");
        }
        return reconciliation.run(connectorId);
    }
}
