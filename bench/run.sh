#!/usr/bin/env bash
# One-command benchmark of InferenceService against ONNX Runtime's own ceiling and libjpeg-turbo's tjbench, ending
# in a targets table (see docs/performance.md).
#   bench/run.sh            # ~3 minutes on 2 cores
# Environment: DURATION (seconds per load step, default 10), PORT (default 18590), MODEL (default ../shared/models/yolox-nano).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
model=${MODEL:-$shared/models/yolox-nano}
duration=${DURATION:-10}
port=${PORT:-18590}
need tjbench libjpeg-turbo-progs
cores=$(nproc)

echo "== build (Release)"
publish_service
dotnet build bench/InferenceService.Benchmarks -c Release --nologo -v quiet >/dev/null
bench() { dotnet bench/InferenceService.Benchmarks/bin/Release/net10.0/linux-x64/InferenceService.Benchmarks.dll "$@"; }

echo "== inputs"
dog=$shared/images/dog.jpg
bench make-large "$dog" "$work/large.jpg" 4000 3000
printf '{"image":"%s"}' "$(base64 -w0 "$dog")" > "$work/dog.json"

echo "== ceiling: InferenceSession.Run alone, input prepared once, 1 intra-op thread"
INTRA_OP_THREADS=1 bench ceiling "$model" "$dog" "$duration" 1 2 | tee "$work/ceiling.txt"
echo "== ceiling: one Run at a time on all $cores cores"
INTRA_OP_THREADS=$cores bench ceiling "$model" "$dog" "$duration" 1 | tee "$work/ceiling-wide.txt"
echo "== preprocessing CPU: decode + letterbox + tensor fill (and the DCT scale the JPEG decodes at)"
bench decode-cpu "$model" "$dog" 200 | tee "$work/decode.txt"
bench decode-cpu "$model" "$work/large.jpg" 30 | tee "$work/decode-large.txt"

echo "== tjbench: libjpeg-turbo's own decode to RGBX at the same DCT scale"
tj() { # name image decode-output
  local scale fps
  scale=$(sed -n 's/.*dct_scale=\([0-9]*\/8\).*/\1/p' "$3")
  fps=$(tjbench "$2" -scale "${scale:-8/8}" -rgbx -nowrite -warmup 1 -benchtime "$(awk -v d="$duration" 'BEGIN { print d / 2 < 1 ? 1 : d / 2 }')" \
    | sed -n 's/.*Frame rate: *\([0-9.]*\) fps.*/\1/p' | head -1 || true)
  echo "tjbench image=$1 scale=${scale:-8/8} ms_per_image=$(awk -v f="${fps:-0}" 'BEGIN { if (f > 0) printf "%.2f", 1000 / f; else printf "none" }')" | tee -a "$work/tjbench.txt"
}
tj dog "$dog" "$work/decode.txt"
tj large "$work/large.jpg" "$work/decode-large.txt"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$service_pid/stat"; }
ticks_per_s=$(getconf CLK_TCK)
now_ms() { date +%s%3N; }

echo "== cold start: process start -> /ping 200 -> first /invocations"
start=$(now_ms)
# As the images run it: MALLOC_ARENA_MAX=2 is in both Dockerfiles.
MALLOC_ARENA_MAX=2 MODEL_DIR=$model SAGEMAKER_BIND_TO_PORT=$port MAX_BODY_BYTES=$((16 * 1024 * 1024)) \
  dotnet "$work/service/InferenceService.dll" serve > "$work/service.log" 2>&1 &
service_pid=$!
wait_ready
ready=$(now_ms)
curl -s -o /dev/null -H 'Content-Type: application/json' --data-binary @"$work/dog.json" "127.0.0.1:$port/invocations"
first=$(now_ms)
echo "cold_start ping_ms=$((ready - start)) first_invocation_ms=$((first - start))" | tee "$work/cold.txt"

load() { # name connections body content-type
  local before after line
  before=$(cpu_ticks)
  line=$(BODY_FILE=$3 CONTENT_TYPE=$4 wrk -t1 -c"$2" -d"${duration}s" --timeout 10s -s bench/wrk/post.lua "http://127.0.0.1:$port/invocations" | grep '^RESULT')
  after=$(cpu_ticks)
  local requests=${line#*requests=}; requests=${requests%% *}
  local cpu_ms; cpu_ms=$(awk -v t=$((after - before)) -v hz="$ticks_per_s" -v n="$requests" 'BEGIN { printf "%.2f", n ? t * 1000 / hz / n : 0 }')
  echo "service name=$1 c=$2 ${line#RESULT } cpu_ms_per_request=$cpu_ms" | tee -a "$work/service.txt"
  if [ "${requests:-0}" = 0 ]; then echo "no request completed; service log tail:"; tail -20 "$work/service.log"; fi
}

# The cold start is measured above; the figures below are the steady state. Tiered JIT recompiles ~4,500 methods in
# the first 10 s of load (DOTNET_JitDisasmSummary), 170 in the next 10, on the CPU the first step would be charged.
echo "== warm-up, not counted: 15 s at 2 connections"
BODY_FILE=$work/dog.json CONTENT_TYPE=application/json wrk -t1 -c2 -d15s --timeout 10s -s bench/wrk/post.lua \
  "http://127.0.0.1:$port/invocations" >/dev/null

echo "== service under wrk (JSON base64 dog.jpg)"
for c in 1 2 4 8; do load dog-json "$c" "$work/dog.json" application/json; done
echo "== raw image/jpeg bodies"
load dog-raw 2 "$dog" image/jpeg
load large-raw 1 "$work/large.jpg" image/jpeg
load large-raw 2 "$work/large.jpg" image/jpeg
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$service_pid/status")
echo "memory peak_rss_mb=$((rss_kb / 1024))" | tee "$work/memory.txt"

echo
echo "== summary ($(date -u +%F), $cores cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs))"
python3 bench/summary.py "$work" "$cores"
