#!/usr/bin/env bash
# Soak test: drives /invocations at saturation for DURATION seconds (default 600) with CONCURRENCY parallel
# clients (default 2 x workers + queue headroom) and prints, every INTERVAL seconds, the status counts and the
# server's RSS. Not part of CI. Usage: bench/soak.sh [MODEL_DIR] [IMAGE]
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL_DIR=${1:-../shared/models/yolox-nano}
IMAGE=${2:-../shared/images/dog.jpg}
DURATION=${DURATION:-600}
CONCURRENCY=${CONCURRENCY:-8}
INTERVAL=${INTERVAL:-30}
PORT=${PORT:-18080}
OUT=$(mktemp -d)

dotnet build src/InferenceService -c Release -o "$OUT/bin" >/dev/null
PORT=$PORT dotnet "$OUT/bin/InferenceService.dll" serve --model-dir "$MODEL_DIR" >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/ping" >/dev/null; do sleep 0.5; done

end=$((SECONDS + DURATION))
for c in $(seq "$CONCURRENCY"); do
  (
    while [ $SECONDS -lt $end ]; do
      curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: image/jpeg' --data-binary @"$IMAGE" \
        "http://127.0.0.1:$PORT/invocations" || echo 000
    done >"$OUT/codes.$c"
  ) &
done

echo "elapsed_s requests non_200 rss_mb"
while [ $SECONDS -lt $end ]; do
  sleep "$INTERVAL"
  total=$(cat "$OUT"/codes.* | wc -l)
  errors=$(cat "$OUT"/codes.* | grep -vc '^200$' || true)
  rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$SERVER/status")
  echo "$((DURATION - end + SECONDS)) $total $errors $rss"
done
wait $(jobs -p | grep -v "^$SERVER$") 2>/dev/null || true
echo "status counts:"; cat "$OUT"/codes.* | sort | uniq -c
echo "server errors logged: $(grep -c 'ERR\]' "$OUT/server.log" || true)"
