/**
 * The processing side: reads events back from the inbound topics, applies each exactly once (the JDBC idempotent
 * repository commits its key in the same transaction as the business write) and commits Kafka offsets only
 * after an event was applied or dead-lettered.
 */
package io.channelhub.process;
