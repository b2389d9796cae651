#!/usr/bin/env bash
# Sends a correctly signed Shopify orders/create webhook to a running hub, then shows the stored order.
# Usage: scripts/send-test-webhook.sh [order-id]
# Reads HUB_CONNECTORS_SHOPIFY_SECRET and HUB_OPS_TOKEN (the same values the hub was started with).
set -euo pipefail
: "${HUB_CONNECTORS_SHOPIFY_SECRET:?set it to the secret the hub was started with}"
: "${HUB_OPS_TOKEN:?set it to the ops token the hub was started with}"
ORDER_ID="${1:-$(date +%s)}"
INGEST="${HUB_INGEST_URL:-http://localhost:8080}"
OPS="${HUB_OPS_URL:-http://localhost:8081}"
NOW="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
BODY=$(printf '{"id":%s,"name":"#%s","email":"zoë@example.com","created_at":"%s","updated_at":"%s","cancelled_at":null,"currency":"EUR","total_price":"39.90","financial_status":"paid","fulfillment_status":null,"line_items":[{"id":1,"sku":"MUG-BLUE","quantity":2,"price":"19.95"}]}' \
  "$ORDER_ID" "$ORDER_ID" "$NOW" "$NOW")
SIGNATURE=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$HUB_CONNECTORS_SHOPIFY_SECRET" -binary | base64)

echo "POST $INGEST/webhooks/shopify"
printf '%s' "$BODY" | curl -sS -i "$INGEST/webhooks/shopify" \
  -H 'Content-Type: application/json' \
  -H 'X-Shopify-Topic: orders/create' \
  -H "X-Shopify-Hmac-Sha256: $SIGNATURE" \
  -H "X-Shopify-Event-Id: evt-$ORDER_ID" \
  -H 'X-Shopify-Shop-Domain: example.myshopify.com' \
  --data-binary @-
echo; sleep 1
echo "GET $OPS/ops/orders/shopify/$ORDER_ID"
curl -sS "$OPS/ops/orders/shopify/$ORDER_ID" -H "Authorization: Bearer $HUB_OPS_TOKEN"
echo
