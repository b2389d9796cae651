package io.channelhub.deadletter;

/** Where a failed event was read from: topic, partition and offset (any may be null for replays). */
public record SourcePosition(String topic, Integer partition, Long offset) {
}
