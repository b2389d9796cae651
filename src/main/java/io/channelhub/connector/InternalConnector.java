package io.channelhub.connector;

/**
 * A connector the hub sets up for itself rather than from configuration, such as the synthetic probe's: it gets
 * the same routes as any other, but its data is not shown in order listings and never touches stock.
 *
 * @param purpose what the hub uses it for, named in the error when a configured connector takes the same id
 */
public record InternalConnector(String id, ConnectorSettings settings, String purpose) {
}
