#!/usr/bin/env bash
# Benchmark of the multi-model endpoint mode (see docs/performance.md, Many models): load time and resident memory
# per shared model, throughput alternating between two models against one, and memory over unload cycles.
#   bench/models.sh         # about a minute on 2 cores, after the build
# Environment: DURATION (seconds per throughput run, default 10), PORT (default 18592).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
models=$shared/models
duration=${DURATION:-10}
port=${PORT:-18592}
cycles=${CYCLES:-8}
need jq jq

echo "== build (Release)"
publish_service

# As the images run it (MALLOC_ARENA_MAX, see the Dockerfile). The periodic trim is off: it would land at random
# between two readings of RSS; an unload trims by itself.
echo "== start in multi-model mode, MULTI_MODEL_ROOT=$models"
MALLOC_ARENA_MAX=2 NATIVE_MEMORY_TRIM_SECONDS=0 SAGEMAKER_MULTI_MODEL=true MULTI_MODEL_ROOT=$models \
  SAGEMAKER_BIND_TO_PORT=$port dotnet "$work/service/InferenceService.dll" serve > "$work/service.log" 2>&1 &
service_pid=$!
wait_ready

dog=$shared/images/dog.jpg
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$service_pid/status"; }
# load NAME FOLDER: prints the HTTP status and the wall time in ms; the body is in $work/answer.json.
load() {
  curl -s -o "$work/answer.json" -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' \
    -d "{\"model_name\": \"$1\", \"url\": \"$2\"}" "127.0.0.1:$port/models" | awk '{printf "%s %.0f", $1, $2 * 1000}'
}
expect() { # CODE WHAT: stops the run on any other answer
  local code; code=$(curl -s -o "$work/answer.json" -w '%{http_code}' "${@:3}")
  [ "$code" = "$1" ] || { echo "$2: HTTP $code $(cat "$work/answer.json")"; tail -20 "$work/service.log"; exit 1; }
}
load_ok() { read -r code _ <<< "$(load "$1" "$2")"; [ "$code" = 200 ] || { echo "load $1: HTTP $code $(cat "$work/answer.json")"; exit 1; }; }
invoke() { expect 200 "invoke $1" -H 'Content-Type: image/jpeg' --data-binary "@$dog" "127.0.0.1:$port/models/$1/invoke"; }
unload() { expect 200 "unload $1" -X DELETE "127.0.0.1:$port/models/$1"; }

# The first load in a process also pays for what every later one shares (ONNX Runtime's environment, JIT of the
# load path): one cycle first, so that it is not counted against the first model.
load_ok warm-up "$models/yolox-nano"
invoke warm-up
unload warm-up

echo "== load every shared model (they stay loaded: each figure is what one more model costs)"
loaded=()
for folder in "$models"/*/; do
  name=$(basename "$folder")
  before=$(rss_mb)
  read -r code ms <<< "$(load "$name" "${folder%/}")"
  after=$(rss_mb)
  if [ "$code" != 200 ]; then
    echo "skipped name=$name status=$code reason=$(jq -r .detail "$work/answer.json")" | tee -a "$work/skipped.txt"
    continue
  fi
  loaded+=("$name")
  service_mb=$(curl -fsS "127.0.0.1:$port/models/$name" | jq '.memory_bytes / 1048576 * 10 | round / 10')
  echo "model name=$name load_ms=$ms rss_delta_mb=$(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.1f", a - b }') service_mb=$service_mb" \
    | tee -a "$work/models.txt"
done
all_loaded_mb=$(rss_mb)
for name in "${loaded[@]}"; do unload "$name"; done
echo "memory all_loaded_mb=$all_loaded_mb all_unloaded_mb=$(rss_mb)" | tee "$work/memory.txt"

# The same folder under two names: both sessions cost alike, so what alternation adds is the multi-model overhead
# (the lookup, the lease, a session whose caches the other one has just evicted), not a difference between models.
echo "== throughput: yolox-nano alone, then alternating between two loaded copies of it (same folder, two names)"
for name in a b; do
  load_ok "$name" "$models/yolox-nano"
  invoke "$name"
done
run() { # NAME PATHS...
  local line
  line=$(BODY_FILE=$dog CONTENT_TYPE=image/jpeg PATHS="${*:2}" \
    wrk -t1 -c2 -d"${duration}s" --timeout 10s -s bench/wrk/post.lua "http://127.0.0.1:$port/" | grep '^RESULT')
  echo "throughput name=$1 c=2 ${line#RESULT }" | tee -a "$work/throughput.txt"
}
# Warm both names first (tiered JIT, allocator, the lone session): the first measured step would pay for it.
BODY_FILE=$dog CONTENT_TYPE=image/jpeg PATHS="/models/a/invoke /models/b/invoke" \
  wrk -t1 -c2 -d"${duration}s" --timeout 10s -s bench/wrk/post.lua "http://127.0.0.1:$port/" > /dev/null
run single /models/a/invoke
run alternating /models/a/invoke /models/b/invoke
unload a
unload b

echo "== $cycles load + invoke + unload cycles of yolox-nano"
for i in $(seq 1 "$cycles"); do
  load_ok cycled "$models/yolox-nano"
  invoke cycled
  unload cycled
  echo "cycle n=$i rss_mb=$(rss_mb)" | tee -a "$work/cycles.txt"
done

echo
echo "== summary ($(date -u +%F), $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs), DURATION=$duration)"
python3 - "$work" <<'PY'
import re, sys, pathlib
w = pathlib.Path(sys.argv[1])
def rows(name):
    f = w / name
    return [dict(re.findall(r"(\w+)=(\S+)", l)) for l in f.read_text().splitlines() if "=" in l] if f.exists() else []
models, thr, cyc, mem = rows("models.txt"), rows("throughput.txt"), rows("cycles.txt"), rows("memory.txt")[0]
print(f"{'model':<26}{'load ms':>9}{'RSS +MB':>9}{'service MB':>12}")
for r in models:
    print(f"{r['name']:<26}{float(r['load_ms']):>9.0f}{float(r['rss_delta_mb']):>9.1f}{float(r['service_mb']):>12.1f}")
skipped = w / "skipped.txt"
for line in skipped.read_text().splitlines() if skipped.exists() else []:
    name, status, reason = re.match(r"skipped name=(\S+) status=(\S+) reason=(.*)", line).groups()
    print(f"{name:<26}skipped, HTTP {status}: {reason}")
print(f"RSS with all {len(models)} loaded {mem['all_loaded_mb']} MB, after unloading them {mem['all_unloaded_mb']} MB")
print(f"\n{'throughput':<14}{'conc':>5}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'non2xx':>8}")
for r in thr:
    print(f"{r['name']:<14}{r['c']:>5}{float(r['rps']):>9.1f}{float(r['p50']):>9.1f}{float(r['p90']):>9.1f}{float(r['p99']):>9.1f}{r['non2xx']:>8}")
print("\nRSS after each load + invoke + unload cycle (MB): " + ", ".join(r["rss_mb"] for r in cyc))
single = next(r for r in thr if r["name"] == "single")
alternating = next(r for r in thr if r["name"] == "alternating")
throughput = float(alternating["rps"]) / float(single["rps"])
growth = float(cyc[-1]["rss_mb"]) / float(cyc[0]["rss_mb"])
errors = sum(int(r["non2xx"]) + int(r["socket_errors"]) for r in thr)
checks = [
    ("alternating / single req/s", throughput, ">= 0.90", throughput >= 0.90),
    (f"RSS after cycle {len(cyc)} / cycle 1", growth, "<= 1.15", growth <= 1.15),
    ("non-2xx responses", errors, "== 0", errors == 0),
]
print(f"\n{'target':<34}{'value':>10}  {'goal':<9}result")
for name, value, goal, ok in checks:
    print(f"{name:<34}{value:>10.2f}  {goal:<9}{'met' if ok else 'MISSED'}")
PY
