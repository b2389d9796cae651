/**
 * Kafka, the hub's queue: the embedded single-node KRaft broker of the default run, the topics the hub owns,
 * and the camel-kafka settings (acks=all, idempotent producer, bounded send time) every route shares.
 */
package io.channelhub.kafka;
