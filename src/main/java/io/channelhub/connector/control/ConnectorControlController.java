package io.channelhub.connector.control;

import io.channelhub.ops.OpsConnectors;
import io.channelhub.ops.OpsPrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The switches operators flip during an incident. Each answers the stored switches at once; this instance's routes
 * follow in the background within moments, the other instances within {@code hub.ops.connectors.refresh}. The body,
 * {@code {"reason": "..."}}, is optional.
 */
@Validated
@RestController
@RequestMapping("/ops/connectors/{connectorId}")
public class ConnectorControlController {

    private final OpsConnectors connectors;
    private final ConnectorControls controls;
    private final ControlsFollower follower;

    ConnectorControlController(OpsConnectors connectors, ConnectorControls controls, ControlsFollower follower) {
        this.connectors = connectors;
        this.controls = controls;
        this.follower = follower;
    }

    /** Stops processing the connector's events; its webhooks are still accepted and wait in Kafka. */
    @PostMapping("/pause")
    public ConnectorControl pause(@PathVariable String connectorId, @RequestBody(required = false) @Valid Reason body,
            OpsPrincipal who) {
        return change(connectorId, ControlAction.PAUSE, body, who);
    }

    /** Processes the events that waited, in order, each once, and whatever comes next. */
    @PostMapping("/resume")
    public ConnectorControl resume(@PathVariable String connectorId, @RequestBody(required = false) @Valid Reason body,
            OpsPrincipal who) {
        return change(connectorId, ControlAction.RESUME, body, who);
    }

    /** No stock calls to the connector's marketplace; changed listings stay marked. 409 for a connector without. */
    @PostMapping("/stock-pushes/disable")
    public ConnectorControl disableStockPushes(@PathVariable String connectorId,
            @RequestBody(required = false) @Valid Reason body, OpsPrincipal who) {
        return change(connectorId, ControlAction.DISABLE_STOCK_PUSHES, body, who);
    }

    /** The marked listings go out with their latest values in the next rounds. */
    @PostMapping("/stock-pushes/enable")
    public ConnectorControl enableStockPushes(@PathVariable String connectorId,
            @RequestBody(required = false) @Valid Reason body, OpsPrincipal who) {
        return change(connectorId, ControlAction.ENABLE_STOCK_PUSHES, body, who);
    }

    private ConnectorControl change(String connectorId, ControlAction action, Reason body, OpsPrincipal who) {
        if (action.stockPushes()) {
            connectors.pushingStock(connectorId);
        } else {
            connectors.require(connectorId);
        }
        ConnectorControl after = controls.change(who, connectorId, action, body == null ? null : body.reason());
        follower.followNow();
        return after;
    }

    /** The optional body of a switch: why, for the people who look later (audit log, dashboard). */
    public record Reason(@Size(max = 1000) String reason) {
    }
}
