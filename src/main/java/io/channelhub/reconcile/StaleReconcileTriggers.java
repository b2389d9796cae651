package io.channelhub.reconcile;

import io.channelhub.connector.ConnectorRoutes;
import java.util.Set;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Removes reconciliation triggers of connectors that are no longer scheduled (removed, or their schedule switched
 * off). In a clustered job store camel-quartz leaves a trigger in the database when its route goes away, so that the
 * other instances keep firing it; without this, a switched-off schedule would keep firing into nothing. All instances
 * of a cluster are expected to run the same configuration.
 */
@Component
public class StaleReconcileTriggers {

    /** The Quartz group the reconcile-schedule template's triggers are in. */
    static final String GROUP = "reconcile";
    private static final Logger log = LoggerFactory.getLogger(StaleReconcileTriggers.class);

    private final Scheduler scheduler;
    private final ConnectorRoutes routes;

    public StaleReconcileTriggers(Scheduler scheduler, ConnectorRoutes routes) {
        this.scheduler = scheduler;
        this.routes = routes;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void removeUnscheduled() throws SchedulerException {
        Set<String> scheduled = routes.scheduledReconciliations();
        for (TriggerKey trigger : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP))) {
            if (!scheduled.contains(trigger.getName())) {
                scheduler.unscheduleJob(trigger);
                log.info("connector={} reconciliation schedule removed: the connector is no longer scheduled",
                        trigger.getName());
            }
        }
    }
}
