#!/usr/bin/env bash
# stage.sh DEST: copy the collection's git-visible files (tracked and untracked,
# not ignored) to DEST, .../ansible_collections/ticketflow/bedrock, where
# ansible-test needs a real copy (it resolves symlinks). The local endpoint and
# other files excluded from the built collection stay out.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dest=$1
home=${TFB_HOME:-$HOME/.cache/ticketflow-bedrock}
rm -rf "$dest"
mkdir -p "$dest"
cd "$repo"
git ls-files -co --exclude-standard -z \
  | grep -zv -e '^local_aws/' -e '^\.ci/' -e '^scripts/' -e '^requirements/' -e '^benchmarks/' \
  | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | xargs -0 cp --parents -t "$dest"
tree=$(dirname "$(dirname "$dest")")
mkdir -p "$tree/amazon" "$tree/community"
ln -sfn "$home/collections/ansible_collections/amazon/aws" "$tree/amazon/aws"
ln -sfn "$home/collections/ansible_collections/community/aws" "$tree/community/aws"
# ansible-test wants its own git repository to list files; give the copy one.
git -C "$dest" init -q
git -C "$dest" add -A
