package io.channelhub.inventory;

import io.channelhub.connector.StockUpdate;

/**
 * A listing's push in a round: what the ledger wanted when the round read it, and the update sent for it.
 *
 * @param pending the listing's dirty mark as read (its version decides whether the push clears it)
 * @param update  the listing and the quantity its policy gives now
 */
record PendingPush(AdvertisedStock.Pending pending, StockUpdate update) {
}
