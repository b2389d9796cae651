/**
 * The connector SPI and the configured connector instances. A marketplace type (one sub-package each) knows
 * how to verify its webhooks, which id makes an event unique, which key keeps one resource's events in order,
 * and how to turn its payloads into canonical orders. A connector instance is configuration: an id under
 * {@code hub.connectors.<id>} naming a type and its secrets.
 */
package io.channelhub.connector;
