/** Test support: a signed-webhook client, the ops API client, Kafka and database probes. */
package io.channelhub.support;
