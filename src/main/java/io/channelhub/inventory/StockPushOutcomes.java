package io.channelhub.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.StockPushResult;
import io.channelhub.deadletter.DeadLetterStore;
import io.channelhub.deadletter.SourcePosition;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CircuitBreakerConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records what a push round achieved, listing by listing: applied pushes clear their mark (unless the SKU changed
 * again); items the marketplace answered "not now" are tried again after a growing pause; whole-call failures stay
 * marked for the breaker to pace; refused items and items out of attempts become dead letters (with the update as
 * JSON) and stop being pushed until the SKU changes again.
 */
@Component("stockPushOutcomes")
public class StockPushOutcomes {

    private static final Logger log = LoggerFactory.getLogger(StockPushOutcomes.class);

    /** The event type of a stock push's dead letter; its header {@value #SKU_HEADER} names the SKU. */
    static final String DEAD_LETTER_TYPE = "stock-push";
    static final String SKU_HEADER = "sku";

    private final AdvertisedStock advertised;
    private final DeadLetterStore deadLetters;
    private final StockProperties properties;
    private final MeterRegistry meters;
    private final ObjectMapper json;
    private final Clock clock;

    public StockPushOutcomes(AdvertisedStock advertised, DeadLetterStore deadLetters, StockProperties properties,
            MeterRegistry meters, ObjectMapper json, Clock clock) {
        this.advertised = advertised;
        this.deadLetters = deadLetters;
        this.properties = properties;
        this.meters = meters;
        this.json = json;
        this.clock = clock;
    }

    /** After the breaker: the results the marketplace gave; pushes without one failed with the call or were not sent. */
    @SuppressWarnings("unchecked")
    public void record(Exchange exchange) {
        List<PendingPush> pushes = exchange.getMessage().getBody(List.class);
        List<StockPushResult> results = exchange.getProperty(StockPusher.RESULTS_PROPERTY, List.class);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        // camel-resilience4j flags every fallback as short-circuited; a fallback without a caught exception is a call
        // the open breaker did not let through
        boolean breakerOpen = failure == null
                && Boolean.TRUE.equals(exchange.getProperty(CircuitBreakerConstants.RESPONSE_SHORT_CIRCUITED));
        for (int i = 0; i < pushes.size(); i++) {
            PendingPush push = pushes.get(i);
            if (failure == null && results != null && i < results.size()) {
                StockPushResult result = results.get(i);
                switch (result.outcome()) {
                    case APPLIED -> applied(push);
                    case RETRY -> retryLater(push, result.detail());
                    case REFUSED -> giveUp(push, "refused by the marketplace: " + result.detail());
                }
            } else if (breakerOpen) {
                // not an attempt: the mark stays and the push goes out once the breaker lets calls through again
                count(push, "deferred");
            } else if (failure != null) {
                // the marketplace or the way to it failed as a whole: the breaker counts it and paces the next calls,
                // so it is no attempt of this listing's (an outage must not turn every pending push into a dead letter)
                advertised.callFailed(push.pending(), failure.toString());
                count(push, "failed");
            }
            // no result and no failure: another instance took the lease over before this batch; it stays marked
        }
    }

    private void applied(PendingPush push) {
        advertised.pushed(push.pending(), push.update().quantity());
        deadLetters.resolvedReplay(push.pending().connectorId(), deadLetterId(push.pending().sku()));
        count(push, "applied");
    }

    /** The marketplace answered this item "not now": tried again after a growing pause, until attempts run out. */
    private void retryLater(PendingPush push, String error) {
        int attempts = push.pending().attempts() + 1;
        if (attempts >= properties.maxPushAttempts()) {
            giveUp(push, "no success after " + attempts + " attempts: " + error);
            return;
        }
        Duration pause = Duration.ofSeconds(Math.min(300, 1L << Math.min(attempts, 9)));
        advertised.retryAt(push.pending(), error, clock.instant().plus(pause));
        count(push, "failed");
    }

    private void giveUp(PendingPush push, String error) {
        advertised.abandoned(push.pending(), error);
        String connectorId = push.pending().connectorId();
        String sku = push.pending().sku();
        InboundEvent letter = new InboundEvent(connectorId, deadLetterId(sku), DEAD_LETTER_TYPE, clock.instant(),
                Map.of(SKU_HEADER, sku), body(push));
        deadLetters.record(letter, new SourcePosition(null, null, null), sku, new StockPushFailedException(error),
                push.pending().attempts() + 1);
        count(push, "dead_lettered");
        log.warn("connector={} sku={} stock push of {} dead-lettered: {}", connectorId, sku, push.update().quantity(), error);
    }

    /**
     * One dead letter per listing: a listing whose push fails again (a later change, or a replay) counts another
     * attempt on the same letter instead of adding one per change.
     */
    static String deadLetterId(String sku) {
        return "stock-push:" + sku;
    }

    private void count(PendingPush push, String outcome) {
        meters.counter("hub.stock.pushes", "connector", push.pending().connectorId(), "outcome", outcome).increment();
    }

    private byte[] body(PendingPush push) {
        try {
            return json.writeValueAsBytes(Map.of("sku", push.update().listing().sku(),
                    "quantity", push.update().quantity(), "listing", push.update().listing().ids()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serialises", e);
        }
    }

    /** Why a stock push was given up. */
    static final class StockPushFailedException extends RuntimeException {

        StockPushFailedException(String message) {
            super(message);
        }
    }
}
