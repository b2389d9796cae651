package io.channelhub.connector.control;

import io.channelhub.connector.ConfiguredConnector;
import io.channelhub.connector.ConnectorRegistry;
import io.channelhub.kafka.ConsumerLag;
import io.channelhub.reconcile.ReconciliationHistory;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/** Gathers each connector's {@link ConnectorOverview} from where each part lives. */
@Component
class ConnectorOverviews {

    private final ConnectorRegistry connectors;
    private final ConnectorControls controls;
    private final ConnectorActivity activity;
    private final ConnectorRouteStates routes;
    private final ReconciliationHistory reconciliations;
    private final ConsumerLag lag;

    ConnectorOverviews(ConnectorRegistry connectors, ConnectorControls controls, ConnectorActivity activity,
            ConnectorRouteStates routes, ReconciliationHistory reconciliations, ConsumerLag lag) {
        this.connectors = connectors;
        this.controls = controls;
        this.activity = activity;
        this.routes = routes;
        this.reconciliations = reconciliations;
        this.lag = lag;
    }

    List<ConnectorOverview> all() {
        Map<String, ConnectorControl> stored = controls.storedAll();
        return connectors.all().stream().sorted(Comparator.comparing(ConfiguredConnector::id))
                .map(connector -> of(connector, stored.getOrDefault(connector.id(), ConnectorControl.normal(connector.id()))))
                .toList();
    }

    ConnectorOverview of(ConfiguredConnector connector) {
        return of(connector, controls.stored(connector.id()));
    }

    private ConnectorOverview of(ConfiguredConnector connector, ConnectorControl control) {
        String id = connector.id();
        OptionalLong depth = lag.inbound(id);
        return new ConnectorOverview(id, connector.marketplace().type(), connector.reconciles(), connector.pushesStock(),
                control.processingPaused(), control.stockPushesDisabled(), control.reason(), control.updatedBy(),
                control.updatedAt(), routes.processing(id), activity.lastWebhookAt(id), activity.lastAppliedAt(id),
                lastReconciliation(connector), connector.pushesStock() ? routes.breaker(id) : null,
                depth.isPresent() ? depth.getAsLong() : null);
    }

    private ConnectorOverview.LastReconciliation lastReconciliation(ConfiguredConnector connector) {
        if (!connector.reconciles()) {
            return null;
        }
        return reconciliations.recent(connector.id(), 1).stream().findFirst()
                .map(run -> new ConnectorOverview.LastReconciliation(run.finishedAt(), run.outcome().name(), run.drift()))
                .orElse(null);
    }
}
