#!/usr/bin/env bash
# Dynamic batching (BATCH_DELAY_MS) off and on, under wrk at 1, 4 and 16 connections (see docs/performance.md).
#   bench/dynamic-batching.sh      # ~2.5 minutes with the defaults
# Environment: DELAYS (BATCH_DELAY_MS values, default "0 5 20"), CONNECTIONS (default "1 4 16"), DURATION (seconds per
# step, default 15), PORT (default 18591), MODEL (default ../shared/models/yolox-nano-dynamic), IMAGE (default dog.jpg).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=$(cd ../shared && pwd)
model=${MODEL:-$shared/models/yolox-nano-dynamic}
image=${IMAGE:-$shared/images/dog.jpg}
duration=${DURATION:-15}
port=${PORT:-18591}
service_pid=""
log=$(mktemp)
cleanup() { [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null; wait 2>/dev/null; rm -f "$log"; }
trap cleanup EXIT

command -v wrk >/dev/null || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
dotnet build src/InferenceService -c Release --nologo -v quiet >/dev/null
service=src/InferenceService/bin/Release/net10.0/linux-x64/InferenceService.dll

# The inference_batch_size histogram's count and sum: model runs and the images they carried.
runs() { curl -s "127.0.0.1:$port/metrics" | awk '/^inference_batch_size_(count|sum) / {v[$1]=$2} END {print v["inference_batch_size_count"]+0, v["inference_batch_size_sum"]+0}'; }

echo "== $(date -u +%F), $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs), $(basename "$model"), $(basename "$image")"
printf '%-14s %-11s %9s %9s %9s %14s %7s\n' BATCH_DELAY_MS connections req/s p50_ms p99_ms images/run non2xx
for delay in ${DELAYS:-0 5 20}; do
  BATCH_DELAY_MS=$delay MODEL_DIR=$model SAGEMAKER_BIND_TO_PORT=$port LOG_LEVEL=Warning dotnet "$service" serve > "$log" 2>&1 &
  service_pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "127.0.0.1:$port/ping" || true)" = 200 ]; do
    kill -0 "$service_pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.05
  done
  for c in ${CONNECTIONS:-1 4 16}; do
    read -r runs_before images_before < <(runs)
    line=$(BODY_FILE=$image CONTENT_TYPE=image/jpeg wrk -t1 -c"$c" -d"${duration}s" --timeout 10s -s bench/wrk/post.lua "http://127.0.0.1:$port/invocations" | grep '^RESULT')
    read -r runs_after images_after < <(runs)
    declare -A r=()
    for kv in ${line#RESULT }; do r[${kv%%=*}]=${kv#*=}; done
    per_run=$(awk -v i=$((images_after - images_before)) -v n=$((runs_after - runs_before)) 'BEGIN { printf "%.2f", n ? i / n : 0 }')
    printf '%-14s %-11s %9s %9s %9s %14s %7s\n' "$delay" "$c" "${r[rps]}" "${r[p50]}" "${r[p99]}" "$per_run" "${r[non2xx]}"
  done
  kill "$service_pid"; wait "$service_pid" 2>/dev/null || true; service_pid=""
done
