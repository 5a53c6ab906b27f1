# Sourced by scripts that run playbooks against the local endpoint: sets repo,
# home, venv and the variables ansible-playbook and the endpoint need.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
home=${TFB_HOME:-$HOME/.cache/ticketflow-bedrock}
venv=${VENV:-$home/venv}
export LOCAL_AWS_PORT=${LOCAL_AWS_PORT:-4566}
export LOCAL_AWS_URL=http://127.0.0.1:$LOCAL_AWS_PORT
export ANSIBLE_CONFIG=${ANSIBLE_CONFIG:-$repo/ansible.cfg}
export ANSIBLE_COLLECTIONS_PATH=${ANSIBLE_COLLECTIONS_PATH:-$home/collections}
