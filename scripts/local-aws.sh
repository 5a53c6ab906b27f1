#!/usr/bin/env bash
# start | stop | run CMD...: the local AWS endpoint in the background.
#   start  starts it on 127.0.0.1:$LOCAL_AWS_PORT (default 4566), returns once it answers
#   stop   stops the one this script started on that port
#   run    starts it, runs CMD with AWS_ENDPOINT_URL and dummy credentials set, stops it
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
home=${TFB_HOME:-$HOME/.cache/ticketflow-bedrock}
venv=${VENV:-$home/venv}
port=${LOCAL_AWS_PORT:-4566}
url=http://127.0.0.1:$port
pidfile=$home/local-aws-$port.pid
logfile=$home/local-aws-$port.log
# The calendar Bedrock model lifecycles are read against: pinned, so a run means the same on any day
# (move it with POST /_local_aws/clock). Set LOCAL_AWS_CLOCK= (empty) to follow the machine clock.
export LOCAL_AWS_CLOCK=${LOCAL_AWS_CLOCK-2026-12-01T12:00:00Z}

answers() { curl -fsS -m 2 "$url/_local_aws/health" >/dev/null 2>&1; }

start() {
  if answers; then
    echo "local-aws: something already answers on $url; stop it first (make local-aws-stop) or set LOCAL_AWS_PORT" >&2
    exit 1
  fi
  mkdir -p "$home"
  (cd "$repo" && PYTHONPATH="$repo${PYTHONPATH:+:$PYTHONPATH}" exec nohup "$venv/bin/python" -m local_aws --port "$port" >"$logfile" 2>&1 & echo $! >"$pidfile")
  for _ in $(seq 1 150); do
    if answers; then
      echo "local-aws: listening on $url (pid $(cat "$pidfile"), log $logfile)"
      return 0
    fi
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "local-aws: the endpoint exited during start-up; its log ($logfile) says:" >&2
      tail -n 30 "$logfile" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "local-aws: no answer on $url after 30 s; see $logfile" >&2
  exit 1
}

stop() {
  if [ -f "$pidfile" ]; then
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      echo "local-aws: stopped (pid $pid)"
    fi
    rm -f "$pidfile"
  else
    echo "local-aws: not running on port $port (no $pidfile)"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  run)
    shift
    start
    trap stop EXIT
    AWS_ENDPOINT_URL=$url AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-testing} \
      AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-testing} \
      AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1} LOCAL_AWS_URL=$url "$@"
    ;;
  *) echo "usage: $0 start|stop|run CMD..." >&2; exit 2 ;;
esac
