#!/usr/bin/env bash
# Builds and pushes the image to ECR, packs a model folder as model.tar.gz, uploads it to S3, deploys
# endpoint.yaml, waits for the endpoint and invokes it with a photo. Needs docker, the AWS CLI v2 and jq.
#
#   deploy/sagemaker/deploy.sh MODEL_FOLDER PHOTO.jpg
#   MULTI_MODEL=true deploy/sagemaker/deploy.sh FOLDER_OF_MODEL_FOLDERS PHOTO.jpg
#     a multi-model endpoint: each subfolder becomes <name>.tar.gz under one S3 prefix, invoked with --target-model.
# Settings (environment): STACK (inference-service), IMAGE_VARIANT (cpu|gpu), BUCKET (created if missing),
#   INSTANCE_TYPE (ml.c6i.xlarge; ml.g5.xlarge for gpu), MIN_INSTANCES, MAX_INSTANCES, SERVERLESS (false),
#   AWS_REGION / AWS_PROFILE as the AWS CLI reads them.
set -euo pipefail

model_dir=${1:?usage: deploy.sh MODEL_FOLDER PHOTO.jpg}
photo=${2:?usage: deploy.sh MODEL_FOLDER PHOTO.jpg}
repo_root="$(cd "$(dirname "$0")/../.." && pwd)"
stack=${STACK:-inference-service}
variant=${IMAGE_VARIANT:-cpu}
serverless=${SERVERLESS:-false}
multi_model=${MULTI_MODEL:-false}
region=${AWS_REGION:-$(aws configure get region)}
account=$(aws sts get-caller-identity --query Account --output text)
bucket=${BUCKET:-sagemaker-$region-$account}
registry="$account.dkr.ecr.$region.amazonaws.com"
image="$registry/$stack:$variant-$(git -C "$repo_root" rev-parse --short HEAD)"

if [ "$variant" = gpu ]; then dockerfile=Dockerfile.gpu; device=cuda; default_type=ml.g5.xlarge
else dockerfile=Dockerfile; device=cpu; default_type=ml.c6i.xlarge; fi
if [ "$multi_model" = true ]; then models=("$model_dir"/*/); else models=("$model_dir/"); fi
for folder in "${models[@]}"; do
  [ -f "$folder/model.onnx" ] || ls "$folder"/*.onnx >/dev/null || { echo "no .onnx in $folder" >&2; exit 1; }
done

echo "==> image $image"
aws ecr describe-repositories --repository-names "$stack" >/dev/null 2>&1 \
  || aws ecr create-repository --repository-name "$stack" >/dev/null
aws ecr get-login-password | docker login --username AWS --password-stdin "$registry"
docker build -f "$repo_root/$dockerfile" -t "$image" "$repo_root"
docker push "$image"

echo "==> model archives from $model_dir (files at each archive's top level: SageMaker extracts it into /opt/ml/model)"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
aws s3api head-bucket --bucket "$bucket" 2>/dev/null || aws s3 mb "s3://$bucket"
prefix="s3://$bucket/$stack/$(date +%Y%m%d%H%M%S)/"
for folder in "${models[@]}"; do
  archive=$([ "$multi_model" = true ] && basename "$folder" || echo model).tar.gz
  tar -C "$folder" -czf "$work/$archive" .
  aws s3 cp "$work/$archive" "$prefix$archive"
done
# A multi-model endpoint takes the prefix; --target-model names an archive under it.
if [ "$multi_model" = true ]; then model_url=$prefix; target=(--target-model "$archive")
else model_url="${prefix}model.tar.gz"; target=(); fi

echo "==> stack $stack"
aws cloudformation deploy --stack-name "$stack" --template-file "$repo_root/deploy/sagemaker/endpoint.yaml" \
  --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset \
  --parameter-overrides ImageUri="$image" ModelDataUrl="$model_url" InferenceDevice="$device" \
    InstanceType="${INSTANCE_TYPE:-$default_type}" MinInstances="${MIN_INSTANCES:-1}" \
    MaxInstances="${MAX_INSTANCES:-4}" Serverless="$serverless" MultiModel="$multi_model"
endpoint=$(aws cloudformation describe-stacks --stack-name "$stack" \
  --query "Stacks[0].Outputs[?OutputKey=='EndpointName'].OutputValue" --output text)
echo "==> waiting for endpoint $endpoint"
aws sagemaker wait endpoint-in-service --endpoint-name "$endpoint"

echo "==> invoking with $photo"
aws sagemaker-runtime invoke-endpoint --endpoint-name "$endpoint" "${target[@]}" --content-type image/jpeg \
  --body "fileb://$photo" "$work/response.json" >/dev/null
jq . "$work/response.json"
