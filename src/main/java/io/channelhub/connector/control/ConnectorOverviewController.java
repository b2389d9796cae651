package io.channelhub.connector.control;

import io.channelhub.ops.OpsConnectors;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Every connector at a glance, as the dashboard shows it (fields: {@link ConnectorOverview}). */
@RestController
@RequestMapping("/ops/connectors")
public class ConnectorOverviewController {

    private final OpsConnectors connectors;
    private final ConnectorOverviews overviews;

    ConnectorOverviewController(OpsConnectors connectors, ConnectorOverviews overviews) {
        this.connectors = connectors;
        this.overviews = overviews;
    }

    /** Every configured connector, by id. */
    @GetMapping
    public List<ConnectorOverview> all() {
        return overviews.all();
    }

    @GetMapping("/{connectorId}")
    public ConnectorOverview one(@PathVariable String connectorId) {
        return overviews.of(connectors.require(connectorId));
    }
}
