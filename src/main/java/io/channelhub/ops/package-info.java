/**
 * The operations API under {@code /ops}, served on the management port with the actuator, and who may use it:
 * named bearer-token credentials with a role (viewer reads, operator acts), the access filter that enforces the
 * rule in {@link io.channelhub.ops.OpsAccessRule} and limits failed authentications, and the audit log of every
 * action and refusal. The read and action endpoints of each feature (orders, dead letters, stock) live in their
 * feature's package and take the caller as an {@link io.channelhub.ops.OpsPrincipal}. The dashboard (static files
 * under {@code static/dashboard/}) is a client of this API on the same port.
 */
package io.channelhub.ops;
