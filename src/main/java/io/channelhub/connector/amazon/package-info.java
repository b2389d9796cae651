/**
 * Amazon Selling Partner API: ORDER_CHANGE notifications forwarded over HTTPS (an EventBridge API destination)
 * with a shared-secret header, deduplicated on NotificationId; the notification only names the order, which is
 * fetched from the Orders API (Login with Amazon token) on the processing side. Reconciliation lists changed orders
 * with getOrders and fetches their items, paced to the API's token buckets. Stock sets the seller-fulfilled quantity
 * of a listing with the Listings Items API, which also reads it back and lists the seller's listings.
 */
package io.channelhub.connector.amazon;
