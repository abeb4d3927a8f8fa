#!/usr/bin/env bash
# Builds and runs the real images with buildah/podman on local stand-in base images (no Docker engine, no
# registry): the CPU image end to end, the GPU Dockerfile with the stand-in in place of the CUDA base.
# Needs root and ../shared beside the repository (models, photos, the stand-in tools). CI runs it after the tests.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
shared="$(cd "$repo/../shared" && pwd)"
tools="$shared/tools/container"
model="$shared/models/yolox-nano"
classifier="$shared/models/mobilenetv2-softmax"
photos="$shared/images"
port="${TEST_CONTAINER_PORT:-28480}"      # 18080-18083 are taken on the development machines
tag="inference-service-test-$$"
cpu_image="localhost/$tag:cpu"
gpu_image="localhost/$tag:gpu"
started=$(date +%s)
containers=()
kube_dir=""
models_dir=""

step() { printf '\n==> [%4ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }
pass() { printf '    ok: %s\n' "$*"; }
fail() { printf '\nFAILED: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "run as root (buildah/podman need it here)"
[ -f "$model/model.onnx" ] && [ -f "$classifier/model.onnx" ] || fail "no model at $model or $classifier"

step "tools"
missing=()
for t in curl jq kubectl; do command -v "$t" >/dev/null || missing+=("$t"); done
if [ ${#missing[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # Debian's kubectl is the kubernetes-client package; machines with Google's apt repository have `kubectl` itself.
  apt-cache show kubectl >/dev/null 2>&1 || missing=("${missing[@]/#kubectl/kubernetes-client}")
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
"$tools/make-stand-in-bases.sh"           # installs buildah/podman/runc/debootstrap; <1 s when current
# shellcheck disable=SC1090
. "$("$tools/make-stand-in-bases.sh" --print-env)"
B="buildah"
P="podman"
pass "buildah $($B --version | awk '{print $3}'), podman $($P --version | awk '{print $3}'), stand-ins $STANDIN_SDK_IMAGE / $STANDIN_ASPNET_IMAGE"
pass "kubectl $(kubectl version --client 2>/dev/null | paste -sd' ')"

cleanup() {
  local rc=$?
  for c in "${containers[@]}"; do $P rm -f -t 0 "$c" >/dev/null 2>&1 || true; done
  if [ -n "$kube_dir" ]; then
    $P kube down "$kube_dir/play.yaml" >/dev/null 2>&1 || true
    $P volume rm -f "$tag-model" >/dev/null 2>&1 || true
    rm -rf "$kube_dir"
  fi
  [ -z "$models_dir" ] || rm -rf "$models_dir"
  $P rmi -f "$cpu_image" "$gpu_image" >/dev/null 2>&1 || true
  $B rmi --prune >/dev/null 2>&1 || true
  if [ $rc -eq 0 ]; then echo "container checks passed in $(( $(date +%s) - started )) s"; else echo "container checks FAILED (rc $rc)" >&2; fi
}
trap cleanup EXIT

# run NAME HOST_PORT CONTAINER_PORT [podman args...] IMAGE [command...]: a container with the model mounted read-only
# (or the volume $mount names), read-only root and only /tmp writable, as SageMaker and Kubernetes run it.
run_service() {
  local name=$1 host_port=$2 container_port=$3; shift 3
  containers+=("$name")
  $P run -d --name "$name" --runtime runc --ulimit nofile=20000:20000 --ulimit nproc=32768:32768 \
    --read-only --tmpfs /tmp:rw,size=64m -p "127.0.0.1:$host_port:$container_port" \
    -v "${mount:-$model:/opt/ml/model:ro}" "$@" >/dev/null
}

wait_ready() {
  local name=$1 host_port=$2
  for _ in $(seq 1 240); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "127.0.0.1:$host_port/ping")" = 200 ]; then return 0; fi
    if [ "$($P inspect -f '{{.State.Running}}' "$name")" != true ]; then $P logs "$name" >&2; fail "$name exited before /ping turned 200"; fi
    sleep 0.5
  done
  $P logs "$name" >&2
  fail "$name: /ping not 200 within 120 s"
}

step "1. build Dockerfile (CPU) on the stand-ins"
t0=$(date +%s)
$B bud --pull=never --build-arg SDK_IMAGE="$STANDIN_SDK_IMAGE" --build-arg RUNTIME_IMAGE="$STANDIN_ASPNET_IMAGE" \
  -f "$repo/Dockerfile" -t "$cpu_image" "$repo" > /tmp/$tag-cpu-build.log 2>&1 \
  || { tail -40 /tmp/$tag-cpu-build.log >&2; fail "CPU image build"; }
pass "built $cpu_image in $(( $(date +%s) - t0 )) s"
[ "$($B inspect -f '{{index .OCIv1.Config.Labels "com.amazonaws.sagemaker.capabilities.accept-bind-to-port"}}' "$cpu_image")" = true ] \
  || fail "label com.amazonaws.sagemaker.capabilities.accept-bind-to-port=true missing"
pass "label accept-bind-to-port=true"
[ "$($B inspect -f '{{.OCIv1.Config.User}}' "$cpu_image")" = 1654:1654 ] || fail "image USER is not 1654"
entrypoint=$($B inspect -f '{{.OCIv1.Config.Entrypoint}} {{.OCIv1.Config.Cmd}}' "$cpu_image")
[ "$entrypoint" = "[dotnet /app/InferenceService.dll] [serve]" ] || fail "entrypoint/cmd are '$entrypoint'"
pass "image USER 1654:1654, entrypoint + cmd $entrypoint"

step "2. run 'serve' with $model read-only at /opt/ml/model, read-only root, tmpfs /tmp"
t0=$(date +%s)
run_service "$tag-serve" "$port" 8080 "$cpu_image" serve
wait_ready "$tag-serve" "$port"
pass "/ping 200 after $(( $(date +%s) - t0 )) s"
# The image installs libturbojpeg: without it the service still serves, on Skia's slower JPEG decoder.
# The log is read whole first: under pipefail, grep -q leaving at its match would fail the pipe with SIGPIPE.
serve_log=$($P logs "$tag-serve" 2>&1)
grep -q 'TurboJPEG (libturbojpeg.so.0' <<<"$serve_log" \
  || { grep 'JPEG decoding' <<<"$serve_log" >&2; fail "the service decodes JPEGs without TurboJPEG"; }
pass "JPEGs decode with TurboJPEG (start-up log)"

step "3. /invocations on dog.jpg"
response=$(curl -fsS -H 'Content-Type: image/jpeg' --data-binary "@$photos/dog.jpg" "127.0.0.1:$port/invocations") \
  || fail "/invocations did not answer 2xx"
echo "    $response" | cut -c1-300
echo "$response" | jq -e '.classes | index("dog") != null' >/dev/null || fail "no dog found in dog.jpg"
echo "$response" | jq -e '.width == 768 and .height == 576' >/dev/null || fail "wrong image size reported"
pass "dog found ($(echo "$response" | jq -r '[.classes, .confidences] | transpose | map("\(.[0]) \(.[1])") | join(", ")'))"
info=$(curl -fsS "127.0.0.1:$port/model") || fail "GET /model"
[ "$(echo "$info" | jq -r .execution_provider)" = CPUExecutionProvider ] || fail "GET /model: $info"
pass "GET /model reports $(echo "$info" | jq -c '{family, execution_provider}')"

# docker-compose.yml's healthcheck, verbatim (a deploy test keeps the two in step): the image has no curl.
healthcheck="exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /ping HTTP/1.0\r\n\r\n' >&3 && head -n1 <&3 | grep -q ' 200 '"
$P exec "$tag-serve" bash -c "$healthcheck" || fail "the compose healthcheck fails inside the container"
pass "the compose healthcheck command passes inside the container"

step "4. user, port, train"
uid=$($P exec "$tag-serve" grep '^Uid:' /proc/1/status | awk '{print $2}')
[ "$uid" = 1654 ] || fail "PID 1 runs as UID $uid, not 1654"
pid1=$($P exec "$tag-serve" cat /proc/1/cmdline | tr '\0' ' ')
case "$pid1" in dotnet\ /app/InferenceService.dll*) ;; *) fail "PID 1 is '$pid1', not the dotnet process";; esac
pass "PID 1 is '$pid1' as UID 1654"
if $P exec "$tag-serve" touch /app/probe 2>/dev/null; then fail "root filesystem is writable"; fi
pass "root filesystem read-only (/tmp is the only writable path)"

run_service "$tag-port" "$((port + 1))" 9090 -e SAGEMAKER_BIND_TO_PORT=9090 "$cpu_image"   # no command: CMD serve
wait_ready "$tag-port" "$((port + 1))"
pass "SAGEMAKER_BIND_TO_PORT=9090 moves the port (and the image serves with no command)"

set +e
train_out=$($P run --rm --runtime runc --ulimit nofile=20000:20000 --ulimit nproc=32768:32768 "$cpu_image" train 2>&1)
train_rc=$?
set -e
[ "$train_rc" -ne 0 ] || fail "'train' exited 0"
grep -q "only serves models" <<<"$train_out" || fail "'train' printed: $train_out"
pass "'train' exits $train_rc: $train_out"

step "5. SIGTERM during a request: the request completes, then the process exits"
slow_out=/tmp/$tag-slow.json
# kite.jpg (1.4 MB) uploaded at 256 KB/s keeps the request in flight for ~5 s.
curl -sS -o "$slow_out" -w '%{http_code}' --limit-rate 256k -H 'Content-Type: image/jpeg' \
  --data-binary "@$photos/kite.jpg" "127.0.0.1:$port/invocations" > "$slow_out.code" &
curl_pid=$!
sleep 2
kill -0 "$curl_pid" 2>/dev/null || fail "the slow request finished before SIGTERM; nothing was tested"
$P kill --signal TERM "$tag-serve" >/dev/null
pass "SIGTERM sent with the upload in flight"
wait "$curl_pid" || fail "the in-flight request failed after SIGTERM"
code=$(cat "$slow_out.code")
[ "$code" = 200 ] || fail "the in-flight request got HTTP $code: $(cat "$slow_out")"
jq -e '.classes | length > 0' "$slow_out" >/dev/null || fail "the in-flight request returned no detections"
pass "in-flight request completed with 200 and $(jq '.classes | length' "$slow_out") detections"
exit_code=$($P wait "$tag-serve")
[ "$exit_code" = 0 ] || { $P logs "$tag-serve" | tail -20 >&2; fail "process exited $exit_code after SIGTERM"; }
pass "process exited 0 after the request"
rm -f "$slow_out" "$slow_out.code"

step "6. multi-model endpoint: SAGEMAKER_MULTI_MODEL=true, two models read-only at /opt/ml/models"
# A folder of model folders as SageMaker unpacks them, outside the repository; copies, as a container cannot follow links out.
models_dir=$(mktemp -d)
cp -r "$model" "$classifier" "$models_dir/"
chmod -R a+rX "$models_dir"
mme_port=$((port + 5))
t0=$(date +%s)
mount="$models_dir:/opt/ml/models:ro" run_service "$tag-mme" "$mme_port" 8080 -e SAGEMAKER_MULTI_MODEL=true "$cpu_image" serve
wait_ready "$tag-mme" "$mme_port"
[ "$(curl -fsS "127.0.0.1:$mme_port/models" | jq -c .models)" = "[]" ] || fail "GET /models lists models before any load"
pass "/ping 200 with no model loaded after $(( $(date +%s) - t0 )) s"
# mme METHOD PATH [curl args...]: the HTTP status, the body in $mme_out.
mme_out=/tmp/$tag-mme.json
mme() { curl -sS -o "$mme_out" -w '%{http_code}' -X "$1" "127.0.0.1:$mme_port$2" "${@:3}"; }
load_model() { mme POST /models -H 'Content-Type: application/json' -d "{\"model_name\": \"$1\", \"url\": \"/opt/ml/models/$1\"}"; }
invoke() { mme POST "/models/$1/invoke" -H 'Content-Type: image/jpeg' --data-binary "@$photos/dog.jpg"; }
for name in yolox-nano mobilenetv2-softmax; do
  code=$(load_model "$name"); [ "$code" = 200 ] || fail "POST /models $name: $code $(cat "$mme_out")"
done
code=$(load_model yolox-nano)
[ "$code" = 409 ] && jq -e '.type | endswith(":model-exists")' "$mme_out" >/dev/null || fail "a second load of yolox-nano: $code $(cat "$mme_out")"
pass "POST /models loads both (200 each); a second load of a name is 409 model-exists"
# Each model's top answer on dog.jpg, from its reference-output.txt: the dog (YOLOX), the malamute, ImageNet 249.
code=$(invoke yolox-nano); [ "$code" = 200 ] && jq -e '.model == "yolox-nano" and .classes[0] == "dog"' "$mme_out" >/dev/null \
  || fail "yolox-nano on dog.jpg: $code $(cat "$mme_out")"
code=$(invoke mobilenetv2-softmax); [ "$code" = 200 ] && jq -e '.model == "mobilenetv2-softmax" and .class_ids[0] == 249' "$mme_out" >/dev/null \
  || fail "mobilenetv2-softmax on dog.jpg: $code $(cat "$mme_out")"
pass "invoke: yolox-nano's top answer is the dog, mobilenetv2-softmax's the malamute ($(jq -r '.classes[0]' "$mme_out"))"
listed=$(curl -fsS "127.0.0.1:$mme_port/models" | jq -r '[.models[].modelName] | join(" ")')
[ "$listed" = "mobilenetv2-softmax yolox-nano" ] || fail "GET /models lists '$listed'"
pass "GET /models lists $listed"
code=$(mme DELETE /models/mobilenetv2-softmax); [ "$code" = 200 ] || fail "DELETE /models/mobilenetv2-softmax: $code $(cat "$mme_out")"
code=$(invoke mobilenetv2-softmax)
[ "$code" = 404 ] && jq -e '.type | endswith(":model-not-found")' "$mme_out" >/dev/null || fail "invoke after DELETE: $code $(cat "$mme_out")"
code=$(invoke yolox-nano); [ "$code" = 200 ] || fail "yolox-nano after the other's DELETE: $code $(cat "$mme_out")"
pass "DELETE 200; the unloaded model's invoke is 404, the other still answers 200"
$P rm -f -t 0 "$tag-mme" >/dev/null
rm -f "$mme_out"

step "7. Kubernetes: render the manifests with kubectl kustomize, run the Deployment with podman kube play"
kube_dir=$(mktemp -d)
kustomize_hint="Debian 12's kubernetes-client (kubectl 1.20, kustomize 2.0.3) lacks labels: and patches:; kubectl >= 1.21 renders them"
for overlay in base overlays/gpu; do
  kubectl kustomize "$repo/deploy/kubernetes/$overlay" > "$kube_dir/${overlay##*/}.yaml" 2> "$kube_dir/kustomize.err" \
    || fail "kubectl kustomize deploy/kubernetes/$overlay: $(cat "$kube_dir/kustomize.err") ($kustomize_hint)"
done
kinds=$(awk '/^kind:/ {print $2}' "$kube_dir/base.yaml" | sort | paste -sd' ')
[ "$kinds" = "Deployment HorizontalPodAutoscaler PodDisruptionBudget Service" ] || fail "base renders kinds: $kinds"
grep -q 'image: inference-service:gpu' "$kube_dir/gpu.yaml" && grep -q 'nvidia.com/gpu: "1"' "$kube_dir/gpu.yaml" \
  && [ "$(grep -c 'value: cuda' "$kube_dir/gpu.yaml")" = 1 ] && ! grep -q 'value: cpu' "$kube_dir/gpu.yaml" \
  || fail "the GPU overlay does not render the gpu image, one GPU and INFERENCE_DEVICE=cuda"
pass "base renders $kinds; overlays/gpu renders the gpu image, nvidia.com/gpu: 1, INFERENCE_DEVICE=cuda"

# The transformations podman needs, as a kustomize overlay over the unchanged base (docs/deploy.md lists them):
# podman makes one pod per replica and all would bind the same hostPort; the model PVC is a podman volume.
kube_port=$((port + 4))
mkdir "$kube_dir/podman"
cat > "$kube_dir/podman/kustomization.yaml" <<YAML
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - $(realpath --relative-to="$kube_dir/podman" "$repo/deploy/kubernetes/base")
namePrefix: $tag-
images:
  - name: inference-service
    newName: localhost/$tag
    newTag: cpu
patches:
  - target: {kind: Deployment}
    patch: |-
      - {op: replace, path: /spec/replicas, value: 1}
      - {op: add, path: /spec/template/spec/containers/0/imagePullPolicy, value: Never}
      - {op: add, path: /spec/template/spec/containers/0/ports/0/hostIP, value: 127.0.0.1}
      - {op: add, path: /spec/template/spec/containers/0/ports/0/hostPort, value: $kube_port}
      - {op: replace, path: /spec/template/spec/volumes/0/persistentVolumeClaim/claimName, value: $tag-model}
YAML
play="$kube_dir/play.yaml"
kubectl kustomize "$kube_dir/podman" > "$play" || fail "kubectl kustomize of the podman overlay"
# probe NAME FIELD: FIELD of the rendered container's probe NAME (the rendered YAML is sorted and block-indented).
probe() {
  awk -v probe="$1:" -v field="$2:" '
    $1 == probe { indent = index($0, probe); inside = 1; next }
    inside && index($0, $1) <= indent { exit }
    inside && $1 == field { print $2; exit }' "$play"
}
grace=$(awk '$1 == "terminationGracePeriodSeconds:" {print $2}' "$play")
startup_window=$(( $(probe startupProbe periodSeconds) * $(probe startupProbe failureThreshold) ))
[ "$(probe startupProbe path)" = /ping ] && [ "$(probe readinessProbe path)" = /ping ] || fail "startup/readiness probes are not on /ping"
$P volume create "$tag-model" >/dev/null
tar -C "$model" -cf - . | $P volume import "$tag-model" - || fail "podman volume import of the model"
pass "PVC claim $tag-model is a podman volume holding $(ls "$model" | paste -sd' ')"

t0=$(date +%s)
$P kube play "$play" > "$kube_dir/play.log" 2>&1 || { cat "$kube_dir/play.log" >&2; fail "podman kube play"; }
kube_ctr="$tag-inference-service-pod-0-inference"
pod_count=$($P pod ps -q --filter "name=^$tag-inference-service-pod" | wc -l)
[ "$pod_count" = 1 ] || fail "podman kube play made $pod_count pods, not 1"
for _ in $(seq 1 $((startup_window * 2))); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "127.0.0.1:$kube_port/ping")" = 200 ] && break
  [ "$($P inspect -f '{{.State.Running}}' "$kube_ctr")" = true ] || { $P logs "$kube_ctr" >&2; fail "the pod exited before /ping turned 200"; }
  sleep 0.5
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "127.0.0.1:$kube_port/ping")" = 200 ] || fail "/ping not 200 within the startup probe's ${startup_window} s"
pass "pod up, the probes' /ping 200 on 127.0.0.1:$kube_port (hostPort) after $(( $(date +%s) - t0 )) s"
uid=$($P exec "$kube_ctr" grep '^Uid:' /proc/1/status | awk '{print $2}')
[ "$uid" = 1654 ] || fail "the pod's PID 1 runs as UID $uid, not 1654"
[ "$($P inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$kube_ctr")" = true ] || fail "the pod's root is not read-only"
if $P exec "$kube_ctr" touch /app/probe 2>/dev/null; then fail "the pod's root filesystem is writable"; fi
$P exec "$kube_ctr" touch /tmp/probe || fail "the pod's /tmp (emptyDir) is not writable"
pass "UID 1654, read-only root, writable /tmp"
response=$(curl -fsS -H 'Content-Type: image/jpeg' --data-binary "@$photos/dog.jpg" "127.0.0.1:$kube_port/invocations") \
  || fail "/invocations through the pod's published port did not answer 2xx"
echo "$response" | jq -e '.classes | index("dog") != null' >/dev/null || fail "the pod found no dog in dog.jpg: $response"
pass "/invocations through the published port finds a dog"

# podman 4.3's kube down kills at once (exit 137) and podman ignores terminationGracePeriodSeconds, so the pod is
# stopped first as the kubelet would: SIGTERM, SIGKILL after the grace period.
t0=$(date +%s)
$P pod stop -t "$grace" "$tag-inference-service-pod-0" > "$kube_dir/down.log" 2>&1 || { cat "$kube_dir/down.log" >&2; fail "podman pod stop"; }
exit_code=$($P inspect -f '{{.State.ExitCode}}' "$kube_ctr")
[ "$exit_code" = 0 ] || { $P logs "$kube_ctr" | tail -20 >&2; fail "the pod's process exited $exit_code on SIGTERM"; }
$P kube down "$play" >> "$kube_dir/down.log" 2>&1 || { cat "$kube_dir/down.log" >&2; fail "podman kube down"; }
took=$(( $(date +%s) - t0 ))
[ "$took" -lt "$grace" ] || fail "stopping and removing the pod took $took s, over terminationGracePeriodSeconds $grace"
[ -z "$($P pod ps -q --filter "name=^$tag-inference-service-pod")" ] || fail "podman kube down left the pod"
pass "SIGTERM exit 0, podman kube down done in $took s (terminationGracePeriodSeconds $grace)"

step "8. build Dockerfile.gpu (the CUDA ONNX Runtime package) with the stand-in runtime image as the CUDA base"
t0=$(date +%s)
$B bud --pull=never --build-arg SDK_IMAGE="$STANDIN_SDK_IMAGE" --build-arg ASPNET_IMAGE="$STANDIN_ASPNET_IMAGE" \
  --build-arg CUDA_IMAGE=localhost/dotnet-runtime-deps:10.0 \
  -f "$repo/Dockerfile.gpu" -t "$gpu_image" "$repo" > /tmp/$tag-gpu-build.log 2>&1 \
  || { tail -40 /tmp/$tag-gpu-build.log >&2; fail "GPU Dockerfile build"; }
pass "built $gpu_image in $(( $(date +%s) - t0 )) s"
$P run --rm --entrypoint /bin/sh "$gpu_image" -c 'test -f /app/libonnxruntime_providers_cuda.so && ! ls /app/*.dll | grep -qi onnxruntime_providers' \
  || fail "the GPU image lacks the CUDA provider library or carries the Windows ones"
pass "the GPU image carries libonnxruntime_providers_cuda.so and no Windows provider DLLs"
# Without CUDA libraries or a GPU, its default INFERENCE_DEVICE=cuda must refuse to serve without CUDA (no silent CPU fallback) ...
run_service "$tag-gpu" "$((port + 2))" 8080 "$gpu_image"
for _ in $(seq 1 120); do
  body=$(curl -s "127.0.0.1:$((port + 2))/ping" || true)
  grep -q "model-failed" <<<"$body" && break
  sleep 0.5
done
echo "$body" | jq -e '.status == 503 and (.detail | test("CUDA"))' >/dev/null || fail "INFERENCE_DEVICE=cuda without CUDA: /ping said $body"
pass "INFERENCE_DEVICE=cuda without CUDA keeps /ping 503: $(echo "$body" | jq -r .detail | cut -c1-160)"
# ... and INFERENCE_DEVICE=auto falls back to the CPU, which proves the copied .NET runtime runs the app.
run_service "$tag-gpu-auto" "$((port + 3))" 8080 -e INFERENCE_DEVICE=auto "$gpu_image"
wait_ready "$tag-gpu-auto" "$((port + 3))"
info=$(curl -fsS "127.0.0.1:$((port + 3))/model")
echo "$info" | jq -e '.execution_provider == "CPUExecutionProvider" and .device_fallback != null' >/dev/null || fail "auto: $info"
pass "INFERENCE_DEVICE=auto falls back to the CPU: $(echo "$info" | jq -r .device_fallback | cut -c1-120)"

step "9. clean up (trap)"
