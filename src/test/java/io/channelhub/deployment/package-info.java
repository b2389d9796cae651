/**
 * The production deployment as shipped: the {@code postgres} profile started for real against PostgreSQL and a Kafka
 * the hub did not start itself, and the files of docs/deployment.md (compose topology, load balancer) checked for
 * what can be checked without Docker. Tests only: the profile and the files live in config/ and at the top level.
 */
package io.channelhub.deployment;
