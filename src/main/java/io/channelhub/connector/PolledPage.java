package io.channelhub.connector;

import java.util.List;

/**
 * One page of a marketplace's changed orders.
 *
 * @param orders     the orders on this page, possibly none
 * @param nextCursor what to pass to {@link MarketplaceConnector#pollOrders} for the next page (a page link, token,
 *                   offset or page number, as the marketplace pages); null on the last page
 */
public record PolledPage(List<PolledOrder> orders, String nextCursor) {

    public PolledPage {
        orders = List.copyOf(orders);
    }

    public boolean last() {
        return nextCursor == null;
    }
}
