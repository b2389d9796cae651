/**
 * The operations API under {@code /ops}, served on the management port with the actuator: a bearer token guards
 * it, and the read endpoints of each feature (orders, dead letters) live in their feature's package.
 */
package io.channelhub.ops;
