/**
 * Shopify: webhooks signed with base64 HMAC-SHA256 of the raw body ({@code X-Shopify-Hmac-Sha256}), deduplicated
 * on {@code X-Shopify-Event-Id}, carrying the full order resource which becomes a canonical order; orders polled and
 * stock set (inventory levels per inventory item and location) through the Admin REST API.
 */
package io.channelhub.connector.shopify;
