package io.channelhub.order;

import io.channelhub.connector.ConnectorRegistry;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Read access to canonical orders for people and tests. */
@Validated
@RestController
@RequestMapping("/ops/orders")
public class OrderController {

    private final OrderStore store;
    private final ConnectorRegistry connectors;

    public OrderController(OrderStore store, ConnectorRegistry connectors) {
        this.connectors = connectors;
        this.store = store;
    }

    @GetMapping("/{connectorId}/{externalId}")
    public StoredOrder order(@PathVariable String connectorId, @PathVariable String externalId) {
        return store.find(connectorId, externalId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no order " + externalId + " on connector " + connectorId));
    }

    /** What happened to each event of one order, oldest first (applied, stale). */
    @GetMapping("/{connectorId}/{externalId}/events")
    public List<OrderEventRecord> events(@PathVariable String connectorId, @PathVariable String externalId) {
        return store.history(connectorId, externalId);
    }

    @GetMapping
    public OrderPage orders(@RequestParam(name = "connector", required = false) String connectorId,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return store.page(connectorId, connectors.internalIds(), page, size);
    }
}
