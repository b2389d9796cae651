package io.channelhub.order;

/** Where an order is in its life, the same for every marketplace. */
public enum OrderStatus {
    OPEN, PAID, FULFILLED, CANCELLED
}
