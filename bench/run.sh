#!/usr/bin/env bash
# One-command benchmark of InferenceService against ONNX Runtime's own ceiling (see docs/performance.md).
#   bench/run.sh            # ~4 minutes on 2 cores
# Environment: DURATION (seconds per load step, default 10), PORT (default 18590), MODEL (default ../shared/models/yolox-nano).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
model=${MODEL:-$shared/models/yolox-nano}
duration=${DURATION:-10}
port=${PORT:-18590}

echo "== build (Release)"
publish_service
dotnet build bench/InferenceService.Benchmarks -c Release --nologo -v quiet >/dev/null
bench() { dotnet bench/InferenceService.Benchmarks/bin/Release/net10.0/linux-x64/InferenceService.Benchmarks.dll "$@"; }

echo "== inputs"
dog=$shared/images/dog.jpg
bench make-large "$dog" "$work/large.jpg" 4000 3000
printf '{"image":"%s"}' "$(base64 -w0 "$dog")" > "$work/dog.json"

echo "== ceiling: InferenceSession.Run alone, input prepared once"
bench ceiling "$model" "$dog" "$duration" 1 2 | tee "$work/ceiling.txt"
bench decode-cpu "$model" "$dog" 200 | tee "$work/decode.txt"
bench decode-cpu "$model" "$work/large.jpg" 30 | tee "$work/decode-large.txt"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$service_pid/stat"; }
ticks_per_s=$(getconf CLK_TCK)
now_ms() { date +%s%3N; }

echo "== cold start: process start -> /ping 200 -> first /invocations"
start=$(now_ms)
MODEL_DIR=$model SAGEMAKER_BIND_TO_PORT=$port MAX_BODY_BYTES=$((16 * 1024 * 1024)) \
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

echo "== service under wrk (JSON base64 dog.jpg)"
for c in 1 2 4 8; do load dog-json "$c" "$work/dog.json" application/json; done
echo "== raw image/jpeg bodies"
load dog-raw 2 "$dog" image/jpeg
load large-raw 1 "$work/large.jpg" image/jpeg
load large-raw 2 "$work/large.jpg" image/jpeg
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$service_pid/status")
echo "memory peak_rss_mb=$((rss_kb / 1024))" | tee "$work/memory.txt"

echo
echo "== summary ($(date -u +%F), $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs))"
python3 - "$work" <<'PY'
import re, sys, pathlib
w = pathlib.Path(sys.argv[1])
def rows(name):
    return [dict(re.findall(r"(\w+)=([^\s]+)", l)) for l in (w / name).read_text().splitlines() if "=" in l]
ceil = rows("ceiling.txt"); svc = rows("service.txt")
dec = float(rows("decode.txt")[0]["cpu_ms_per_image"]); cold = rows("cold.txt")[0]; mem = rows("memory.txt")[0]
best_ceiling = max(float(r["rps"]) for r in ceil)
run_cpu = float(ceil[0]["cpu_ms_per_run"])
print(f"{'what':<22}{'conc':>5}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'non2xx':>8}{'cpu ms/req':>11}")
for r in ceil:
    print(f"{'ceiling Run':<22}{r['c']:>5}{float(r['rps']):>9.1f}{float(r['p50']):>9.1f}{'':>9}{float(r['p99']):>9.1f}{'':>8}{float(r['cpu_ms_per_run']):>11.2f}")
for r in svc:
    print(f"{'service ' + r['name']:<22}{r['c']:>5}{float(r['rps']):>9.1f}{float(r['p50']):>9.1f}{float(r['p90']):>9.1f}{float(r['p99']):>9.1f}{r['non2xx']:>8}{float(r['cpu_ms_per_request']):>11.2f}")
dog = [r for r in svc if r["name"] == "dog-json"]
best = max(dog, key=lambda r: float(r["rps"]))
one = next(r for r in dog if r["c"] == "1")
# CPU per request is compared with the ceiling's CPU per Run at the same concurrency (capped at the ceiling's highest).
same_c = min(ceil, key=lambda r: abs(int(r["c"]) - int(best["c"])))
run_cpu_best = float(same_c["cpu_ms_per_run"])
large = next(r for r in svc if r["name"] == "large-raw" and r["c"] == "1")
checks = [
    ("throughput / ceiling best", float(best["rps"]) / best_ceiling, ">= 0.80", float(best["rps"]) / best_ceiling >= 0.80),
    ("cpu/request - (Run + decode) ms", float(best["cpu_ms_per_request"]) - run_cpu_best - dec, "<= 1.0", float(best["cpu_ms_per_request"]) - run_cpu_best - dec <= 1.0),
    ("p50 c=1 - ceiling p50 ms", float(one["p50"]) - float(ceil[0]["p50"]), "<= 3.0", float(one["p50"]) - float(ceil[0]["p50"]) <= 3.0),
    ("12MP p50 / dog p50 (c=1)", float(large["p50"]) / float(one["p50"]), "<= 2.0", float(large["p50"]) / float(one["p50"]) <= 2.0),
    ("start -> /ping 200 ms", float(cold["ping_ms"]), "<= 1000", float(cold["ping_ms"]) <= 1000),
    ("peak RSS MB", float(mem["peak_rss_mb"]), "<= 250", float(mem["peak_rss_mb"]) <= 250),
    ("non-2xx responses", sum(int(r["non2xx"]) + int(r["socket_errors"]) for r in svc), "== 0", all(r["non2xx"] == "0" and r["socket_errors"] == "0" for r in svc)),
    ("p99 / p50 at best c", float(best["p99"]) / float(best["p50"]), "<= 2.0", float(best["p99"]) / float(best["p50"]) <= 2.0),
]
print(f"\nceiling cpu/Run {run_cpu:.2f} ms (c=1), {run_cpu_best:.2f} ms (c={same_c['c']}); decode+letterbox cpu {dec:.2f} ms (dog.jpg); first /invocations answered {cold['first_invocation_ms']} ms after start")
print(f"physical bound on 2 cores: {2000 / (run_cpu_best + dec):.0f} req/s = {2000 / (run_cpu_best + dec) / best_ceiling:.2f} of the ceiling (Run + decode CPU per request)")
print(f"\n{'target':<34}{'value':>10}  {'goal':<9}result")
for name, value, goal, ok in checks:
    print(f"{name:<34}{value:>10.2f}  {goal:<9}{'met' if ok else 'MISSED'}")
PY
