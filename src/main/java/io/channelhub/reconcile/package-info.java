/**
 * Reconciliation: per connector, a clustered Quartz schedule polls the marketplace for every order changed since a
 * persisted watermark (minus an overlap) and enqueues each into the connector's inbound topic, where the same
 * deduplication and version guard as for webhooks apply. Owns the watermarks, the run history, the drift metrics and
 * the ops endpoint that runs one now.
 */
package io.channelhub.reconcile;
