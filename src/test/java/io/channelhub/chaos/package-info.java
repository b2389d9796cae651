/**
 * The flash-sale chaos suite ({@code ./mvnw test -Pchaos}, not in the default run): a flash sale through the
 * marketplace simulators against the hub as a separate process, with kills, a broker restart, a database outage,
 * faulty webhook delivery and faulty marketplace APIs, ending in a printed ledger that must balance
 * (docs/benchmarks.md, "Chaos suite").
 */
package io.channelhub.chaos;
