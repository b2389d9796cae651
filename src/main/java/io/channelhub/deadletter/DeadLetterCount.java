package io.channelhub.deadletter;

/** How many dead letters one connector has with one error class in one status. */
public record DeadLetterCount(String connectorId, String errorClass, DeadLetterStatus status, long count) {
}
