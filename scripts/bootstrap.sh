#!/usr/bin/env bash
# Sets up everything the Makefile needs on a fresh machine, and nothing twice:
#   - a Python >= 3.12 interpreter (PATH first, then pyenv's versions),
#   - a virtual environment OUTSIDE the checkout (antsibull-docs and ansible-test
#     trip over one inside it), pinned by requirements/constraints.txt,
#   - an offline pip bootstrap script for ansible-test's per-test venvs,
#   - an ansible_collections/ tree where this collection and its dependencies
#     sit side by side, as ansible-test requires.
# Prints the venv path on its last line. Re-running it is cheap: the venv is
# rebuilt only when requirements/dev.in or requirements/constraints.txt change.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
home=${TFB_HOME:-$HOME/.cache/ticketflow-bedrock}
venv=$home/venv
min_minor=12

log() { printf 'bootstrap: %s\n' "$*" >&2; }

python_ok() {
  "$1" -c "import sys; sys.exit(0 if sys.version_info >= (3, $min_minor) else 1)" 2>/dev/null
}

find_python() {
  # The tested interpreter first (3.12), then newer ones; PATH before pyenv.
  local root minor candidate
  if command -v pyenv >/dev/null 2>&1; then root=$(pyenv root); else root=${PYENV_ROOT:-$HOME/.pyenv}; fi
  for minor in 12 13 14; do
    for candidate in "$(command -v python3.$minor 2>/dev/null)" $(ls -d "$root"/versions/3.$minor.*/bin/python 2>/dev/null | sort -V -r); do
      # Never the interpreter of the venv about to be rebuilt (make puts it first on PATH).
      case "$candidate" in "$venv"/*) continue ;; esac
      if [ -n "$candidate" ] && [ -x "$candidate" ] && python_ok "$candidate"; then
        echo "$candidate"
        return 0
      fi
    done
  done
  if python_ok python3; then command -v python3; return 0; fi
  return 1
}

stamp_of() {
  cat "$repo/requirements/dev.in" "$repo/requirements/constraints.txt" | sha256sum | cut -d' ' -f1
}

if [ ! -f "$venv/.stamp" ] || [ "$(cat "$venv/.stamp")" != "$(stamp_of)" ]; then
  python=$(find_python) || {
    log "no Python 3.$min_minor or newer found on PATH or under pyenv."
    log "ansible-core 2.20+ needs it. Install one, e.g. 'pyenv install 3.12' or 'apt-get install python3.12 python3.12-venv', then re-run."
    exit 1
  }
  log "creating $venv with $python ($("$python" --version 2>&1))"
  rm -rf "$venv"
  mkdir -p "$home"
  "$python" -m venv "$venv"
  quiet_pip() { "$venv/bin/python" -m pip install --quiet "$@" 2> >(grep -v 'is ignored: it is neither a file nor a directory' >&2); }
  quiet_pip --upgrade pip
  quiet_pip -r "$repo/requirements/dev.in" -c "$repo/requirements/constraints.txt"
  "$venv/bin/python" -m pip check >&2 || { log "pip check failed"; exit 1; }
  stamp_of > "$venv/.stamp"
  log "virtual environment ready"
fi

# ansible-test downloads a get-pip script from a host that may be unreachable.
# This offline equivalent has our venv's pip (recent enough to use the system
# trust store, which the interpreter's bundled pip is not) install pip and the
# requested packages into the interpreter that runs the script.
pip_version=$("$venv/bin/python" - <<'PY'
import re, pathlib, ansible_test
src = pathlib.Path(ansible_test.__file__).parent / "_internal" / "python_requirements.py"
print(re.search(r"pip='([^']+)'", src.read_text()).group(1))
PY
)
get_pip=$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py
marker="stand-in v2 for $venv"
if ! grep -qF "$marker" "$get_pip" 2>/dev/null; then
  mkdir -p "$(dirname "$get_pip")"
  cat > "$get_pip" <<PY
"""Offline get-pip.py ($marker): pip installs the arguments into this interpreter."""
import subprocess
import sys

GET_PIP_ONLY = {"--no-setuptools", "--no-wheel"}  # get-pip.py's own flags, unknown to pip
args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY]
sys.exit(subprocess.call(["$venv/bin/python", "-m", "pip", "--python", sys.executable, "install", *args]))
PY
  log "wrote offline pip bootstrap $get_pip"
fi

# Dependencies next to this collection, for ansible-test and antsibull-docs.
site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
tree=$home/collections/ansible_collections
mkdir -p "$tree/amazon" "$tree/community" "$tree/ticketflow"
ln -sfn "$site/ansible_collections/amazon/aws" "$tree/amazon/aws"
ln -sfn "$site/ansible_collections/community/aws" "$tree/community/aws"

echo "$venv"
