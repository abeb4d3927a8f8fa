#!/usr/bin/env bash
# Checks the CUDA path on a machine with an NVIDIA GPU, CUDA 13 and cuDNN 9, with a GPU build of the service
# (dotnet publish -p:InferenceDevice=gpu, what Dockerfile.gpu builds): every model in MODELS_DIR served with
# INFERENCE_DEVICE=cuda must report the CUDA provider and answer every photo as the CPU provider does, and a
# CUDA provider that cannot be created must keep /ping at 503 (cuda) or fall back (auto). It prints the latency
# of both providers on the same machine. CI has no GPU: this is run by hand (docs/deploy.md).
#   usage: deploy/check-cuda.sh APP_DIR MODELS_DIR IMAGES_DIR
# APP_DIR holds InferenceService (self-contained publish) or InferenceService.dll; LD_LIBRARY_PATH must reach the
# CUDA 13 and cuDNN 9 libraries.
set -euo pipefail

app_dir=$1 models_dir=$2 images_dir=$3
port="${CHECK_CUDA_PORT:-28580}"
requests="${CHECK_CUDA_REQUESTS:-200}"
work="$(mktemp -d)"
pid=""
failures=0

if [ -x "$app_dir/InferenceService" ]; then app=("$app_dir/InferenceService"); else app=(dotnet "$app_dir/InferenceService.dll"); fi

say() { printf '%s\n' "$*"; }
bad() { printf 'FAILED: %s\n' "$*"; failures=$((failures + 1)); }
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap 'stop; rm -rf "$work"' EXIT

# start NAME MODEL [VAR=value...]: the service in the background, its log in $work/NAME.log.
start() {
  local name=$1 model=$2; shift 2
  env "$@" MODEL_DIR="$model" SAGEMAKER_BIND_TO_PORT="$port" LOG_FORMAT=text "${app[@]}" serve >"$work/$name.log" 2>&1 &
  pid=$!
}

# get PATH FILE: GETs PATH, writes the body to FILE and prints the status (000 when nothing answers). Python, not
# curl: CUDA images and GPU hosts often lack curl.
get() {
  python3 - "http://127.0.0.1:$port$1" "$2" <<'EOF'
import sys, urllib.error, urllib.request
try:
    r = urllib.request.urlopen(sys.argv[1], timeout=10); body, code = r.read(), r.status
except urllib.error.HTTPError as e:
    body, code = e.read(), e.code
except OSError:
    body, code = b"", 0
open(sys.argv[2], "wb").write(body); print(f"{code:03d}")
EOF
}

# wait_ping: prints the /ping status once it is 200 or the model failed to load, or the last one after 120 s or
# when the process is gone.
wait_ping() {
  local code=000
  for _ in $(seq 1 1200); do
    code=$(get /ping "$work/ping.json")
    if [ "$code" = 200 ] || grep -q model-failed "$work/ping.json" || ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "$code"
}

# Posts every photo once (answers in $work/NAME-PHOTO.json), then dog.jpg REQUESTS times on one connection and
# prints the latency percentiles, then the throughput of 8 concurrent clients for 5 s.
probe() {
  python3 - "$port" "$images_dir" "$work/$1" "$requests" <<'EOF'
import http.client, os, sys, time
port, images, prefix, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=60)
def post(body):
    conn.request("POST", "/invocations", body, {"Content-Type": "image/jpeg"})
    r = conn.getresponse(); data = r.read()
    if r.status != 200: sys.exit(f"HTTP {r.status}: {data[:300]!r}")
    return data
for name in sorted(f for f in os.listdir(images) if f.endswith(".jpg")):
    with open(os.path.join(images, name), "rb") as f: body = f.read()
    with open(f"{prefix}-{name}.json", "wb") as out: out.write(post(body))
with open(os.path.join(images, "dog.jpg"), "rb") as f: dog = f.read()
for _ in range(20): post(dog)
lat = []
for _ in range(n):
    t = time.perf_counter(); post(dog); lat.append((time.perf_counter() - t) * 1000)
lat.sort()
pct = lambda p: lat[min(len(lat) - 1, int(p / 100 * len(lat)))]
print(f"p50 {pct(50):.2f} ms, p90 {pct(90):.2f} ms, p99 {pct(99):.2f} ms over {n} sequential requests", end="")
import threading
clients, seconds, done, errors = 8, 5.0, [0], [0]
def client():
    c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=60); end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        c.request("POST", "/invocations", dog, {"Content-Type": "image/jpeg"}); r = c.getresponse(); r.read()
        if r.status == 200: done[0] += 1
        else: errors[0] += 1
threads = [threading.Thread(target=client) for _ in range(clients)]
for t in threads: t.start()
for t in threads: t.join()
print(f"; {done[0] / seconds:.0f} req/s with {clients} clients ({errors[0]} not 200)")
EOF
}

# compare A B: the CUDA answers must match the CPU ones: same classes in the same order where confidence >= 0.3,
# confidences within 0.02, boxes within 2 px.
compare() {
  python3 - "$work" "$1" "$2" <<'EOF'
import glob, json, os, sys
work, a, b = sys.argv[1:4]
worst_conf = worst_box = 0.0; problems = []
for path in sorted(glob.glob(f"{work}/{a}-*.json")):
    photo = path[len(f"{work}/{a}-"):-5]
    x = json.load(open(path)); y = json.load(open(f"{work}/{b}-{photo}.json"))
    keep = lambda r: [i for i, c in enumerate(r["confidences"]) if c >= 0.3]
    xs, ys = keep(x), keep(y)
    if [x["class_ids"][i] for i in xs] != [y["class_ids"][i] for i in ys]:
        problems.append(f"{photo}: classes {[x['classes'][i] for i in xs]} vs {[y['classes'][i] for i in ys]}")
        continue
    for i, j in zip(xs, ys):
        worst_conf = max(worst_conf, abs(x["confidences"][i] - y["confidences"][j]))
        if "boxes" in x:
            worst_box = max(worst_box, max(abs(p - q) for p, q in zip(x["boxes"][i], y["boxes"][j])))
print(f"largest difference: confidence {worst_conf:.4f}, box {worst_box:.2f} px")
if worst_conf > 0.02 or worst_box > 2: problems.append("differences over 0.02 / 2 px")
if problems: sys.exit("; ".join(problems))
EOF
}

field() { python3 -c "import json,sys; print(json.load(sys.stdin).get('$1'))"; }

say "GPU: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo 'nvidia-smi not found')"
for model in "$models_dir"/*/; do
  model=${model%/}; name=$(basename "$model")
  say ""; say "== $name"
  for device in cpu cuda; do
    t0=$(date +%s%N)
    start "$name-$device" "$model" INFERENCE_DEVICE="$device"
    code=$(wait_ping)
    if [ "$code" != 200 ]; then bad "$name on $device: /ping $code"; grep -v 'GET /ping' "$work/$name-$device.log" | tail -20; stop; continue 2; fi
    ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    get /model "$work/model.json" >/dev/null
    provider=$(field execution_provider <"$work/model.json")
    say "$device: provider $provider, start to /ping 200 in $ready_ms ms; $(probe "$name-$device")"
    stop
  done
  [ "$provider" = CUDAExecutionProvider ] || bad "$name: INFERENCE_DEVICE=cuda runs on $provider"
  if out=$(compare "$name-cpu" "$name-cuda" 2>&1); then say "cuda vs cpu on every photo: $out"; else bad "$name: cuda answers differ from cpu: $out"; fi
done

say ""; say "== no usable GPU (CUDA_VISIBLE_DEVICES=-1)"
first=("$models_dir"/*/); first=${first[0]%/}
start no-gpu-cuda "$first" INFERENCE_DEVICE=cuda CUDA_VISIBLE_DEVICES=-1
code=$(wait_ping)
sleep 1
if [ "$code" = 503 ] && kill -0 "$pid" 2>/dev/null; then say "cuda: /ping 503, process up: $(field detail <"$work/ping.json")"
else bad "INFERENCE_DEVICE=cuda without a GPU: /ping $code"; fi
stop
start no-gpu-auto "$first" INFERENCE_DEVICE=auto CUDA_VISIBLE_DEVICES=-1
code=$(wait_ping)
get /model "$work/model.json" >/dev/null
model_json=$(cat "$work/model.json")
if [ "$code" = 200 ] && [ "$(field execution_provider <<<"$model_json")" = CPUExecutionProvider ]; then
  say "auto: /ping 200 on the CPU, device_fallback: $(field device_fallback <<<"$model_json")"
else bad "INFERENCE_DEVICE=auto without a GPU: /ping $code, $model_json"; fi
stop

say ""
if [ "$failures" -gt 0 ]; then say "CUDA check FAILED ($failures)"; exit 1; fi
say "CUDA check passed"
