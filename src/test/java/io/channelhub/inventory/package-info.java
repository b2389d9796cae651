/** The stock ledger under concurrency, the buffer policy, and pushes to simulated marketplaces. */
package io.channelhub.inventory;
