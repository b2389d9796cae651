/**
 * The benchmark of issue 9 ({@code ./mvnw test -Pbenchmark}, docs/benchmarks.md): an open-loop load generator
 * (fixed arrival rate, latency from the scheduled send time, HdrHistogram), the hub under it in separate processes
 * (ingest, processing on H2 and PostgreSQL, reconciliation, memory), and in the same run the ceilings that bound it
 * (a bare Vert.x HTTP server, the raw Kafka producer to the hub's own broker). Reports, never asserts targets.
 */
package io.channelhub.benchmark;
