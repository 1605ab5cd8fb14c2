#!/usr/bin/env bash
# Clients nobody here wrote, against the real binary (issue 11), run by .ci/run:
#
#   bash .ci/clients.sh
#
# `partnerdesk serve --demo` starts in an empty folder (as an installed binary
# would), then:
# 1. the graphql-http audit (npm graphql-http): 0 failures, 0 warnings;
# 2. graphql-js fetches the schema by its standard introspection query (every
#    option on) and validates every ```graphql example of the help site;
# 3. graphql-js's findBreakingChanges against the last release's schema
#    (releases/), a removal allowed only after a deprecation;
# 4. Python's gql client, unmodified, drives a partner's documented path;
# 5. GraphiQL in headless Chromium with the outside network cut off.
# npm packages come from .ci/clients/package-lock.json (npm ci), Python
# packages from .ci/clients/requirements.txt into a virtual environment.
# Prints one PASS or FAIL line at the end; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

clients="$PWD/.ci/clients"
source .ci/lib.sh
ci_begin clients "graphql-http audit, graphql-js examples and breaking changes, Python gql, GraphiQL in Chromium"

step "npm ci (pinned)"
(cd "$clients" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

step "Python gql in a virtual environment (pinned)"
if [[ ! -x "$clients/.venv/bin/python" ]]; then
  python3 -m venv "$clients/.venv"
fi
"$clients/.venv/bin/pip" install --quiet --disable-pip-version-check -r "$clients/requirements.txt"

step "Chromium"
ci_chromium

step "serve --demo from an empty folder"
ci_binary
port=$(ci_free_port)
mkdir -p "$work/empty"
(cd "$work/empty" && exec "$bin" serve --demo --listen "127.0.0.1:$port" --jobs-interval-secs 0) >"$work/serve.log" 2>&1 &
server_pid=$!
origin="http://127.0.0.1:$port"
ci_wait_for "$origin/healthz"

step "graphql-http audit"
timeout 120 node "$clients/audit.mjs" "$origin/graphql"

step "graphql-js: the help site's examples against the introspected schema"
timeout 120 node "$clients/examples.mjs" "$origin/graphql" content

step "graphql-js: no breaking change since the last release"
release=$(ls releases/schema-*.graphql | sort -V | tail -n 1)
node "$clients/breaking.mjs" "$release" schema.graphql

step "Python gql: a partner's documented path"
timeout 120 "$clients/.venv/bin/python" "$clients/gql_scenario.py" "$origin/graphql"

step "GraphiQL in Chromium, offline"
timeout 300 node .ci/graphiql-browser.mjs "$origin"
