/**
 * Dead letters: events that could not be applied after their retries, or could never be (unparseable, missing
 * fields, unknown event type). Each is kept with its exact raw bytes and headers in the {@code dead_letters}
 * table and on the dead-letter topic, so nothing the hub acknowledged is ever dropped.
 */
package io.channelhub.deadletter;
