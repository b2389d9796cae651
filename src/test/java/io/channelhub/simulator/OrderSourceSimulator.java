package io.channelhub.simulator;

import java.util.Collection;

/**
 * A marketplace simulator that holds orders and lists the changed ones through its marketplace's API, as
 * reconciliation reads them. Webhooks (when the marketplace has them) are sent separately by the test.
 */
public interface OrderSourceSimulator {

    /** Stores the order's new state: its API lists it as changed at {@link SimulatedOrder#updatedAt()}. */
    void upsertOrder(SimulatedOrder order);

    /** The orders as the marketplace holds them now: the truth the hub must converge to. */
    Collection<SimulatedOrder> orders();

    /** Forgets every order (tests share one simulator per JVM). */
    void clearOrders();

    /**
     * Answers the next {@code count} order-list requests with 429 and a short Retry-After, as the marketplace does
     * when its rate limit is exceeded.
     */
    void rateLimitNextListRequests(int count);

    /** Answers order-list requests for the page at {@code pageIndex} (0 = first) with 500 until {@link #heal()}. */
    void failListPage(int pageIndex);

    /** Faults dialled into every answer of the marketplace's API (a share of 503s and 429s, slow answers). */
    DialledFaults faults();

    /** Ends every dialled fault, including {@link #faults()}. */
    void heal();

    /** How many order-list requests the simulator has answered (any status). */
    int listRequests();
}
