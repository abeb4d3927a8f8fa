# CPU image of the inference service (SageMaker contract: `docker run IMAGE serve`, port 8080, /opt/ml/model).
# Build:  docker build -t inference-service:cpu .
# Bake a model:  --build-arg MODEL_URL=... --build-arg MODEL_SHA256=...  or put its files in deploy/baked-model/.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
ARG INFERENCE_DEVICE_BUILD=cpu
WORKDIR /src
# Optional default model: files from deploy/baked-model/ and/or one .onnx downloaded and checked by SHA-256.
ARG MODEL_URL=""
ARG MODEL_SHA256=""
COPY deploy/baked-model/ /model/
RUN rm -f /model/README.md \
 && if [ -n "$MODEL_URL" ]; then \
      [ -n "$MODEL_SHA256" ] || { echo "MODEL_URL needs MODEL_SHA256" >&2; exit 1; }; \
      curl -fsSL --retry 3 -o /model/model.onnx "$MODEL_URL" \
      && echo "$MODEL_SHA256  /model/model.onnx" | sha256sum -c -; \
    fi
# Project files first: the restore layer is reused until a package or project reference changes.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/InferenceService/InferenceService.csproj src/InferenceService/
COPY src/InferenceService.Inference/InferenceService.Inference.csproj src/InferenceService.Inference/
COPY src/InferenceService.Imaging/InferenceService.Imaging.csproj src/InferenceService.Imaging/
RUN dotnet restore src/InferenceService/InferenceService.csproj -r linux-x64 -p:InferenceDevice=${INFERENCE_DEVICE_BUILD}
COPY src/ src/
RUN dotnet publish src/InferenceService/InferenceService.csproj --no-restore -c Release -r linux-x64 \
      --no-self-contained -p:InferenceDevice=${INFERENCE_DEVICE_BUILD} -p:UseAppHost=false -o /app

# Optional default model: files from deploy/baked-model/ and/or one .onnx downloaded and checked by SHA-256.
FROM ${RUNTIME_IMAGE} AS runtime
LABEL com.amazonaws.sagemaker.capabilities.accept-bind-to-port=true \
      com.amazonaws.sagemaker.capabilities.multi-models=true \
      org.opencontainers.image.title="InferenceService" \
      org.opencontainers.image.description="ONNX image-recognition server following the SageMaker inference contract (CPU)"
# TurboJPEG, the system's SIMD libjpeg-turbo: JPEGs decode about twice as fast as with SkiaSharp's bundled copy, to
# the same pixels (docs/models.md, JPEG decoders). Debian (and Ubuntu from 26.04) names the package libturbojpeg0,
# Ubuntu 24.04 (the CUDA 13 base) libturbojpeg.
RUN apt-get update \
 && (apt-get install -y --no-install-recommends libturbojpeg0 || apt-get install -y --no-install-recommends libturbojpeg) \
 && rm -rf /var/lib/apt/lists/*
# The app binds SAGEMAKER_BIND_TO_PORT/8080 itself; an empty HTTP_PORTS avoids Kestrel's override warning.
# Only /tmp needs to be writable (read-only root filesystems), and nothing is written outside TMPDIR.
# MALLOC_ARENA_MAX: two glibc arenas from the first thread on (the app's mallopt comes after the runtime's threads
# made theirs), so an unloaded model's memory goes back to the OS (docs/performance.md, Many models).
ENV ASPNETCORE_HTTP_PORTS="" \
    MALLOC_ARENA_MAX=2 \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
    TMPDIR=/tmp \
    INFERENCE_DEVICE=cpu \
    MODEL_DIR=/opt/ml/model
WORKDIR /app
COPY --from=build /app/ /app/
COPY --from=build /model/ /opt/ml/model/
USER 1654:1654
EXPOSE 8080
# Exec form: the .NET process is PID 1 and receives SIGTERM; `serve` (what SageMaker passes) is also the default.
ENTRYPOINT ["dotnet", "/app/InferenceService.dll"]
CMD ["serve"]
