/**
 * The synthetic probe: on a schedule, each instance sends a correctly signed synthetic order to its own webhook
 * port, on an internal connector, and waits for it in the order store, measuring the whole path (ingest, Kafka,
 * processing, store) as a marketplace's order takes it. Its orders never reach people's listings, stock or
 * marketplaces, and are removed once seen.
 */
package io.channelhub.probe;
