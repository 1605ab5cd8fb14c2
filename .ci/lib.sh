# Shared by the CI scripts that start a server: a work folder removed at
# exit, the server stopped at exit, named steps, and one PASS or FAIL line.
#
#   source .ci/lib.sh
#   ci_begin NAME "what PASS says"
#   step "first step"; ...
#
# Sets: work (a temporary folder), server_pid (set it after starting one).

ci_begin() {
  ci_name="$1"
  ci_summary="$2"
  work=$(mktemp -d)
  server_pid=""
  started=$SECONDS
  current="setup"
  trap ci_finish EXIT
}

ci_finish() {
  local status=$?
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ $status -ne 0 && -f "$work/serve.log" ]]; then
    tail -n 30 "$work/serve.log" >&2
  fi
  rm -rf "$work"
  if [[ $status -eq 0 ]]; then
    echo "PASS $ci_name: $ci_summary ($((SECONDS - started)) s)"
  else
    echo "FAIL $ci_name: $current failed ($((SECONDS - started)) s)"
  fi
  exit "$status"
}

step() {
  current="$1"
  echo "== $ci_name: $1"
}

# The partnerdesk binary to test, in $bin. .ci/run passes the one `cargo test`
# already built (PARTNERDESK_BIN): a plain `cargo build` would build the whole
# tree a second time, because the dev-dependencies turn on other features of
# shared crates (serde_json's preserve_order, hyper's client), and two debug
# trees were more than a CI machine's disk held.
ci_binary() {
  if [[ -n "${PARTNERDESK_BIN:-}" ]]; then
    bin="$PARTNERDESK_BIN"
    [[ -x "$bin" ]] || { echo "PARTNERDESK_BIN=$bin is not an executable" >&2; return 1; }
  else
    cargo build --quiet --locked
    bin="${CARGO_TARGET_DIR:-$PWD/target}/debug/partnerdesk"
  fi
  echo "binary: $bin"
}

# A TCP port nothing listens on now.
ci_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Debian's Chromium and its driver, installed when missing (as root, as in CI).
ci_chromium() {
  if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
    if [[ $(id -u) -ne 0 ]]; then
      echo "Chromium is missing; run as root or: apt-get install -y chromium chromium-driver" >&2
      return 1
    fi
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
  fi
  /usr/bin/chromium --version 2>/dev/null || true
}

# Waits until `url` answers while the server `server_pid` runs.
ci_wait_for() {
  local url="$1"
  for _ in $(seq 1 150); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || { echo "partnerdesk serve stopped" >&2; return 1; }
    sleep 0.2
  done
  curl -fsS -o /dev/null "$url"
}
