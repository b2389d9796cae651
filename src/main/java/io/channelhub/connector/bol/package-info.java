/**
 * Bol.com Retailer API v10: push notifications signed with RSA-SHA256 (public keys fetched from the
 * signature-keys endpoint by key id, refetched when an unknown id appears); a push only names the resource, so
 * the order is fetched (OAuth2 client credentials, vendor media type) on the processing side. Reconciliation reads
 * the order list by minute interval or by day and fetches each changed order the same way. Stock is set per offer
 * with asynchronous writes whose process status is followed up, and listings come from the offer export.
 */
package io.channelhub.connector.bol;
