/**
 * WooCommerce: webhooks signed with base64 HMAC-SHA256 of the raw body ({@code X-WC-Webhook-Signature}), an
 * unsigned form-encoded ping when a webhook is saved, and delivery ids that change on every send, so events are
 * deduplicated on resource + id + modification date. Reconciliation lists changed orders through the REST API
 * (v3, Basic auth with the API key), page by page. Stock is set through the same API's batch endpoints (products,
 * and each variable product's variations), read back per product or variation, and listings are imported from the
 * product list.
 */
package io.channelhub.connector.woocommerce;
