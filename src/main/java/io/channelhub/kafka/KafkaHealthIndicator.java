package io.channelhub.kafka;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code kafka}: whether the broker (cluster) answers within {@link HubKafkaAdmin#TIMEOUT}. Part of
 * the readiness group: an instance that cannot store webhooks answers them 503 and should get no traffic, while
 * it stays alive (a restart does not bring a broker back).
 */
@Component("kafka")
class KafkaHealthIndicator extends AbstractHealthIndicator {

    private final HubKafkaAdmin admin;

    KafkaHealthIndicator(HubKafkaAdmin admin) {
        super("kafka health check failed");
        this.admin = admin;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) throws Exception {
        long timeout = HubKafkaAdmin.TIMEOUT.toMillis();
        int nodes = admin.client().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout)).nodes()
                .get(timeout + 500L, TimeUnit.MILLISECONDS).size();
        health.up().withDetail("brokers", nodes);
    }
}
