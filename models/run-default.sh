#!/usr/bin/env bash
# Runs the service on the default model, YOLOX-Nano (COCO 80 classes), on port 8080 (or $SAGEMAKER_BIND_TO_PORT, else $PORT).
# With ../shared beside the repository (the development setup) its yolox-nano folder is used in place; otherwise
# the official release is downloaded once into models/downloaded/yolox-nano and its SHA-256 checked.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"

url="https://github.com/Megvii-BaseDetection/YOLOX/releases/download/0.1.1rc0/yolox_nano.onnx"
sha256="c789161ed43c8269fcd4e67c67eeeb4e80c622da2eb296a20bc6007bd18a0b7d"
shared="$repo/../shared/models/yolox-nano"
downloaded="$repo/models/downloaded/yolox-nano"

if [[ -f "$shared/model.onnx" ]]; then
  model_dir="$(cd "$shared" && pwd)"
else
  model_dir="$downloaded"
  if [[ ! -f "$model_dir/model.onnx" ]]; then
    mkdir -p "$model_dir"
    echo "Downloading YOLOX-Nano from $url" >&2
    curl -fL --retry 3 -o "$model_dir/model.onnx.part" "$url"
    actual="$(sha256sum "$model_dir/model.onnx.part" | cut -d' ' -f1)"
    if [[ "$actual" != "$sha256" ]]; then
      rm -f "$model_dir/model.onnx.part"
      echo "SHA-256 mismatch for yolox_nano.onnx: expected $sha256, got $actual. Aborting." >&2
      exit 1
    fi
    mv "$model_dir/model.onnx.part" "$model_dir/model.onnx"
  fi
  cp "$repo/models/coco80-labels.txt" "$model_dir/labels.txt"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "Serving $model_dir on port ${SAGEMAKER_BIND_TO_PORT:-${PORT:-8080}}" >&2
exec dotnet run -c Release --project "$repo/src/InferenceService" -- serve --model-dir "$model_dir"
