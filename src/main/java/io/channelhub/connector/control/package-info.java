/**
 * What operators switch per connector instance and what they see of it. The switches ({@code connector_controls}:
 * processing paused, stock pushes disabled) outlive restarts and every instance follows them: each re-reads the table
 * every {@code hub.ops.connectors.refresh} and starts or stops its processing routes to match; the instance that
 * served the change applies it at once. The overview ({@code GET /ops/connectors}) gathers what the dashboard shows
 * of each connector: its switches, its routes, its last webhook and applied event, reconciliation, breaker and lag.
 */
package io.channelhub.connector.control;
