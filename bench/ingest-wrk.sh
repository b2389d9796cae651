#!/usr/bin/env bash
# Closed-loop ingest throughput with wrk: signed Shopify orders/updated webhooks (~2.5 KB) against the hub
# running from the built jar on embedded defaults (in-process Kafka, H2), on this machine.
# Usage: bench/ingest-wrk.sh [connections=64] [seconds=30]
# Writes bench/results/ingest-wrk-<timestamp>.txt. Needs wrk (Debian package wrk) and openssl.
# A quick closed-loop check; the open-loop benchmark with the ceilings is bench/run (./mvnw test -Pbenchmark).
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS="${1:-64}"
SECONDS_PER_RUN="${2:-30}"
SECRET=bench-secret
DATA_DIR=$(mktemp -d)
RESULTS=bench/results
mkdir -p "$RESULTS"
REPORT="$RESULTS/ingest-wrk-$(date -u +%Y%m%dT%H%M%SZ).txt"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
[ -f target/channel-hub-*.jar ] || ./mvnw -q -B package -DskipTests
JAR=$(ls target/channel-hub-*.jar | head -1)

HUB_DATA_DIR="$DATA_DIR" HUB_CONNECTORS_SHOPIFY_SECRET=$SECRET HUB_OPS_TOKEN=bench \
  java -Xmx512m -jar "$JAR" > "$DATA_DIR/hub.log" 2>&1 &
HUB_PID=$!
trap 'kill $HUB_PID 2>/dev/null; wait $HUB_PID 2>/dev/null; rm -rf "$DATA_DIR"' EXIT
for _ in $(seq 1 120); do curl -fs localhost:8081/actuator/health >/dev/null 2>&1 && break; sleep 1; done

BODY=$(python3 -c "
import json
o={'id':9000001,'name':'#9001','email':'buyer@example.com','created_at':'2026-11-20T10:00:00Z',
   'updated_at':'2026-11-20T10:05:00Z','cancelled_at':None,'currency':'EUR','total_price':'59.90',
   'financial_status':'paid','fulfillment_status':None,'note':'x'*1500,
   'line_items':[{'id':i,'sku':'SKU-%d'%i,'quantity':1,'price':'19.95','title':'Item %d'%i,'variant_id':i,'product_id':i} for i in range(8)]}
print(json.dumps(o,separators=(',',':')))")
SIGNATURE=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -binary | base64)
LUA="$DATA_DIR/post.lua"
cat > "$LUA" <<LUA
wrk.method = "POST"
wrk.body = [[$BODY]]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Shopify-Topic"] = "orders/updated"
wrk.headers["X-Shopify-Hmac-Sha256"] = "$SIGNATURE"
wrk.headers["X-Shopify-Event-Id"] = "evt-bench"
LUA
URL=http://127.0.0.1:8080/webhooks/shopify
{
  echo "channel-hub ingest, wrk closed loop, $(date -u +%FT%TZ)"
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
  echo "body ${#BODY} bytes, one event id (every request is verified, enveloped and acknowledged by the broker;"
  echo "processing deduplicates the copies), $CONNECTIONS connections, load generator on the same machine"
  echo "--- warm-up (discarded)"
  wrk -t2 -c"$CONNECTIONS" -d20s "$URL" -s "$LUA" | grep -E "Requests/sec|Non-2xx" || true
  echo "--- measured"
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$URL" -s "$LUA"
} | tee "$REPORT"
echo "report: $REPORT"
