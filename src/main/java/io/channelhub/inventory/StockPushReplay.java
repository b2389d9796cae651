package io.channelhub.inventory;

import io.channelhub.deadletter.DeadLetter;
import io.channelhub.deadletter.DeadLetterReplayRoute;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Replays a stock push that was given up: the listing is marked for a push again, so the pusher sends what is
 * available now (not the stale quantity in the letter). The letter is resolved when that push is applied; if it
 * fails again, it comes back to the same letter.
 */
@Component
@Order(10)
class StockPushReplay implements DeadLetterReplayRoute {

    private final AdvertisedStock advertised;

    StockPushReplay(AdvertisedStock advertised) {
        this.advertised = advertised;
    }

    @Override
    public boolean handles(DeadLetter letter) {
        return StockPushOutcomes.DEAD_LETTER_TYPE.equals(letter.eventType()) && letter.sourceTopic() == null;
    }

    @Override
    public void replay(DeadLetter letter, byte[] payload) {
        String sku = letter.headers().get(StockPushOutcomes.SKU_HEADER);
        if (sku == null) {
            throw new IllegalStateException("stock-push dead letter " + letter.id() + " names no SKU");
        }
        advertised.listed(letter.connectorId(), sku);
    }

    /** The quantity is always today's available stock: there is nothing in the letter to edit. */
    @Override
    public boolean editable() {
        return false;
    }
}
