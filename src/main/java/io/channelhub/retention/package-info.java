/**
 * Retention: what the hub deletes on its own, and nothing else. Idempotent keys older than a window longer than any
 * sender's retry horizon, and reconciliation runs older than their window (each connector's latest run and latest
 * successful run are kept), in small batches on the clustered Quartz schedule ({@code routes/shared/retention.camel.yaml})
 * or when an operator asks. Audit entries and dead letters are never deleted here: people need them.
 */
package io.channelhub.retention;
