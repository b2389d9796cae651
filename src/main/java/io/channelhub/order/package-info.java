/**
 * Canonical orders and their store. Every connector's payloads become a {@link io.channelhub.order.CanonicalOrder};
 * the store applies them with a version guard so that an older update never overwrites a newer one, and the
 * ops API reads them back.
 */
package io.channelhub.order;
