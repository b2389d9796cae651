/**
 * Test support: a signed-webhook client, the ops API client, hubs started by the test, a load balancer over them, a
 * three-node Kafka cluster, Kafka and database probes.
 */
package io.channelhub.support;
