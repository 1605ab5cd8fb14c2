#!/usr/bin/env bash
# API load benchmark (issue 6): seeds 1,000 organizations, then measures the
# GraphQL dashboard query against a hand-written handler and a from-memory
# handler, and the setAutoRenew / purchaseOffer mutations. Prints figures;
# asserts no timing.
#
# Usage:
#   bench/api.sh                                   # SQLite only
#   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test bench/api.sh   # and PostgreSQL
#
# Environment (passed through to the bench; see benches/api_load/main.rs):
#   BENCH_SECONDS=10          length of each measured run
#   BENCH_WARMUP_SECONDS=2    unmeasured run before each measured one
#   BENCH_CONNECTIONS=32      concurrent connections
#   BENCH_ORGS=1000           organizations seeded
#   BENCH_SEED_CONCURRENCY=8  organizations seeded at once
#   BENCH_LOADGEN=oha|wrk     load generator (default: oha if installed, else wrk)
#   BENCH_LOADGEN_THREADS=1   load generator threads (it shares the cores with the server)
#   BENCH_DB_CONNECTIONS      database pool size (default: the server's, 8 on SQLite, 16 on PostgreSQL)
#   BENCH_DATABASE_URL        also run on PostgreSQL, in a database created there and dropped afterwards
#   BENCH_SKIP_SQLITE=1       PostgreSQL only
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# The load generator installed when none is found, pinned; keep the
# `cargo install oha` of benches/api_load/loadgen.rs at the same version.
OHA_VERSION=1.16.0

if [[ "${BENCH_LOADGEN:-}" == "wrk" ]]; then
    if ! command -v wrk >/dev/null; then
        echo "NOTE: installing wrk from Debian (apt-get install -y wrk)..."
        apt-get install -y wrk
    fi
elif ! command -v oha >/dev/null && { [[ "${BENCH_LOADGEN:-}" == "oha" ]] || ! command -v wrk >/dev/null; }; then
    echo "NOTE: installing the load generator oha $OHA_VERSION (cargo install oha --locked --version $OHA_VERSION); this takes a few minutes the first time..."
    cargo install oha --locked --version "$OHA_VERSION"
fi

exec cargo bench --locked --bench api_load "$@"
