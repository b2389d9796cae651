/**
 * eBay: notifications signed with ECDSA ({@code X-EBAY-SIGNATURE}, key fetched by its {@code kid} from the
 * Notification API and cached), answered 412 when the signature is wrong; the endpoint challenge; the order a
 * notification names is fetched from the Fulfillment API on the processing side; reconciliation lists the orders
 * modified since a watermark with the Fulfillment API's getOrders, page by page; stock is set, read back and its
 * listings imported through the Inventory API ({@code EbayInventory}).
 */
package io.channelhub.connector.ebay;
