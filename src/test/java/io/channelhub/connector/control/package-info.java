/** Connector switches and the connector overview, on the real hub: what an operator does during an incident. */
package io.channelhub.connector.control;
