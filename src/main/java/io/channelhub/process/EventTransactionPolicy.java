package io.channelhub.process;

import io.channelhub.connector.InboundEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the wrapped steps in one new database transaction and rolls it back if they fail, leaving the failure on
 * the exchange for the calling route's error handler.
 *
 * <p>Why not Camel's {@code transacted}: its transaction error handler treats a failure as exhausted, so the
 * calling route's redelivery and dead-letter handling never see it, and a poison event would be re-read from
 * Kafka forever. With this policy the unit is simple: retry means a fresh transaction, and the dead-letter write
 * happens after the rollback, outside it.
 */
@Component("eventTransaction")
public class EventTransactionPolicy implements Policy {

    /** Exchange property counting how many times the event's transaction was tried. */
    public static final String ATTEMPTS_PROPERTY = "hubAttempts";

    private final TransactionTemplate transaction;
    private final MeterRegistry meters;

    public EventTransactionPolicy(PlatformTransactionManager transactionManager, MeterRegistry meters) {
        this.meters = meters;
        this.transaction = new TransactionTemplate(transactionManager);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to prepare
    }

    @Override
    public Processor wrap(Route route, Processor processor) {
        return exchange -> transaction.executeWithoutResult(status -> {
            int attempt = exchange.getProperty(ATTEMPTS_PROPERTY, 0, Integer.class) + 1;
            exchange.setProperty(ATTEMPTS_PROPERTY, attempt);
            if (attempt > 1) {
                countRetry(exchange);
            }
            try {
                processor.process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                status.setRollbackOnly();
            }
        });
    }

    private void countRetry(Exchange exchange) {
        InboundEvent event = exchange.getProperty(InboundEventReader.EVENT_PROPERTY, InboundEvent.class);
        meters.counter("hub.processing.retries", "connector", event == null ? "unknown" : event.connectorId()).increment();
    }
}
