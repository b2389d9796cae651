package io.channelhub.reconcile;

import io.channelhub.connector.ConfiguredConnector;
import io.channelhub.connector.ConnectorRegistry;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.PayloadFields;
import io.channelhub.connector.PermanentEventException;
import io.channelhub.connector.PolledOrder;
import io.channelhub.connector.PolledPage;
import io.channelhub.connector.TransientMarketplaceException;
import io.channelhub.ingest.EnvelopeLimits;
import io.channelhub.ingest.IngestHeaders;
import io.channelhub.order.ApplyOutcome;
import io.channelhub.order.CanonicalOrder;
import io.channelhub.order.OrderStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads one page of the run's window from the marketplace and turns it into inbound records (the message body: a
 * list the Kafka producer sends as one batch). A record is the polled order with the same envelope headers a webhook
 * gets; its event id is the order's business version, {@code reconcile:<order id>:<updated-at>:<content digest>}, so
 * overlapping windows and repeated runs enqueue copies the idempotent repository recognises, while a second change
 * stamped with the same second is a new event.
 */
@Component("orderPageFetcher")
public class OrderPageFetcher implements Processor {

    private static final Logger log = LoggerFactory.getLogger(OrderPageFetcher.class);

    private final ConnectorRegistry connectors;
    private final OrderStore orders;
    private final ReconcileProperties properties;
    private final Clock clock;

    public OrderPageFetcher(ConnectorRegistry connectors, OrderStore orders, ReconcileProperties properties, Clock clock) {
        this.connectors = connectors;
        this.orders = orders;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        ReconciliationRun run = exchange.getProperty(ReconciliationRun.PROPERTY, ReconciliationRun.class);
        ConfiguredConnector connector = connectors.require(run.connectorId());
        PolledPage page = readPage(connector, run);
        List<Message> records = new ArrayList<>(page.orders().size());
        int drift = 0;
        for (PolledOrder polled : page.orders()) {
            String eventId;
            try {
                CanonicalOrder order = connector.marketplace().normalise(new InboundEvent(connector.id(),
                        "reconcile:" + polled.orderId(), polled.eventType(), clock.instant(), Map.of(), polled.body()));
                // the content is part of the business version: two states stamped in the same second are two events
                eventId = "reconcile:" + order.externalId() + ":" + order.updatedAt() + ":"
                        + order.contentDigest().substring(0, 16);
                ApplyOutcome wouldBe = orders.wouldApply(order);
                if (wouldBe == ApplyOutcome.CREATED || wouldBe == ApplyOutcome.UPDATED) {
                    drift++;
                }
            } catch (PermanentEventException unreadable) {
                // enqueued all the same: processing dead-letters it with its bytes, where people can see it
                log.warn("connector={} order={} polled order cannot be normalised: {}", connector.id(), polled.orderId(),
                        unreadable.getMessage());
                eventId = "reconcile:" + polled.orderId() + ":" + PayloadFields.sha256Id(polled.body());
            }
            records.add(record(exchange, connector.id(), polled, eventId));
        }
        if (!page.last() && page.nextCursor().equals(run.cursor())) {
            // a marketplace handing out the same page again would keep this run (and its cluster-wide lock) forever
            throw new TransientMarketplaceException("the marketplace gave the same cursor again after page "
                    + (run.pagesRead() + 1) + ": the run stops rather than loop");
        }
        if (!page.last() && run.pagesRead() + 1 >= properties.maxPages()) {
            throw new TransientMarketplaceException("the window has more than hub.reconcile.max-pages ("
                    + properties.maxPages() + ") pages: the run stops; raise the limit or run shorter windows (?since=)");
        }
        run.pageRead(page.nextCursor(), page.orders().size(), drift);
        exchange.getMessage().setBody(records);
        exchange.setProperty(ReconciliationStart.MORE_PAGES_PROPERTY, !page.last());
    }

    /**
     * A page is tried again after a 5xx or a network failure: one bad answer should not cost the whole run (and a
     * repeat of the window). What still fails after {@code hub.reconcile.page-attempts} fails the run.
     */
    private PolledPage readPage(ConfiguredConnector connector, ReconciliationRun run) {
        Duration wait = properties.pageRetryDelay();
        for (int attempt = 1; ; attempt++) {
            try {
                return connector.marketplace().pollOrders(connector.id(), connector.settings(), run.since(), run.cursor());
            } catch (TransientMarketplaceException e) {
                if (attempt >= properties.pageAttempts()) {
                    throw e;
                }
                log.info("connector={} reading page {} failed ({}), trying again in {} ms", connector.id(),
                        run.pagesRead() + 1, e.getMessage(), wait.toMillis());
                sleep(wait);
                wait = wait.multipliedBy(2);
            }
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientMarketplaceException("interrupted between tries of a page", e);
        }
    }

    private Message record(Exchange exchange, String connectorId, PolledOrder polled, String eventId) {
        Message record = new DefaultMessage(exchange.getContext());
        record.setHeader(KafkaConstants.KEY, connectorId + ':' + polled.orderId());
        record.setHeader(IngestHeaders.CONNECTOR, connectorId);
        record.setHeader(IngestHeaders.EVENT_ID, EnvelopeLimits.eventId(eventId));
        record.setHeader(IngestHeaders.EVENT_TYPE, EnvelopeLimits.eventType(polled.eventType()));
        record.setHeader(IngestHeaders.RECEIVED_AT, Long.toString(clock.millis()));
        record.setHeader(IngestHeaders.SOURCE, IngestHeaders.SOURCE_RECONCILE);
        record.setBody(polled.body());
        return record;
    }
}
