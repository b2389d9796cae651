package io.channelhub.inventory;

/**
 * How much of what is available a marketplace may sell. Every field may be null (not set): a connector's policy fills
 * the gaps of a SKU's, the global one fills the rest, and what is still unset does nothing.
 *
 * @param buffer            units always held back
 * @param percent           share of the rest offered, 0..100 (rounded down)
 * @param lowStockThreshold at or below this many available, {@code lowStockBuffer} more units are held back
 * @param lowStockBuffer    the extra units held back when stock is low
 * @param floor             below this many available, nothing is offered
 * @param maxListed         never offer more than this
 */
public record StockPolicy(Integer buffer, Integer percent, Integer lowStockThreshold, Integer lowStockBuffer,
        Integer floor, Integer maxListed) {

    public static final StockPolicy NONE = new StockPolicy(null, null, null, null, null, null);

    /** This policy with its unset fields taken from {@code fallback}. */
    public StockPolicy over(StockPolicy fallback) {
        if (fallback == null) {
            return this;
        }
        return new StockPolicy(first(buffer, fallback.buffer), first(percent, fallback.percent),
                first(lowStockThreshold, fallback.lowStockThreshold), first(lowStockBuffer, fallback.lowStockBuffer),
                first(floor, fallback.floor), first(maxListed, fallback.maxListed));
    }

    /** The quantity to advertise when {@code available} may be sold; never negative. */
    public int advertise(int available) {
        if (floor != null && available < floor) {
            return 0;
        }
        int offered = available - value(buffer);
        if (lowStockThreshold != null && available <= lowStockThreshold) {
            offered -= value(lowStockBuffer);
        }
        offered = Math.max(0, offered);
        if (percent != null) {
            offered = offered * percent / 100;
        }
        if (maxListed != null) {
            offered = Math.min(offered, maxListed);
        }
        return offered;
    }

    private static int value(Integer setting) {
        return setting == null ? 0 : setting;
    }

    private static Integer first(Integer preferred, Integer fallback) {
        return preferred != null ? preferred : fallback;
    }
}
