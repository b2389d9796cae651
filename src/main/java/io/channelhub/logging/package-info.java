/**
 * Logging that follows an event: the connector and event id of the exchange being routed are in the MDC of every
 * line logged on its path (ingest, processing, dead letters), so a JSON log (Spring Boot's structured logging) can
 * be searched by them.
 */
package io.channelhub.logging;
