#!/usr/bin/env bash
# ee-context.sh [CONTEXT_DIR]: the execution environment's build context, made
# without a container engine. Builds this collection from its git-visible
# files into ee/ticketflow-bedrock.tar.gz (the file ee/requirements.yml
# installs), then runs `ansible-builder create` on ee/execution-environment.yml
# into CONTEXT_DIR (default: $TFB_HOME/ee/context). Build the image afterwards
# with `ansible-builder build` (see docs/execution_environment.md).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
home=${TFB_HOME:-$HOME/.cache/ticketflow-bedrock}
venv=${VENV:-$home/venv}
context=${1:-$home/ee/context}
work=$(mktemp -d "${TMPDIR:-/tmp}/tfb-ee.XXXXXX")
trap 'rm -rf "$work"' EXIT

collection=$work/ansible_collections/ticketflow/bedrock
"$repo/scripts/stage.sh" "$collection"
"$venv/bin/ansible-galaxy" collection build --force --output-path "$work/dist" "$collection" >/dev/null
cp "$work"/dist/ticketflow-bedrock-*.tar.gz "$repo/ee/ticketflow-bedrock.tar.gz"
echo "ee-context: collection built into ee/ticketflow-bedrock.tar.gz ($(basename "$work"/dist/ticketflow-bedrock-*.tar.gz))"

rm -rf "$context"
mkdir -p "$(dirname "$context")"
"$venv/bin/ansible-builder" create --file "$repo/ee/execution-environment.yml" --context "$context" \
  --output-filename Containerfile -v 1
echo "ee-context: build context in $context"
echo "ee-context: build the image with: ansible-builder build --file ee/execution-environment.yml --tag ticketflow-bedrock-ee:latest"
