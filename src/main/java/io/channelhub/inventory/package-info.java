/**
 * Stock: the ledger (on hand, reserved, available per SKU) that orders reserve from atomically, the stock feed, the
 * listings that say where each SKU is sold, the safety-buffer policy, and the pushes of what each marketplace may sell.
 */
package io.channelhub.inventory;
