#!/usr/bin/env bash
# Help-site checks (issue 5), run at the end of .ci/run and on their own:
#
#   bash .ci/docs-checks.sh
#
# 1. `partnerdesk docs check --strict`: every validation, no page missing in French.
# 2. Builds the site into a temporary folder and validates every HTML file with
#    html-validate (rules in .ci/.htmlvalidate.json: the recommended and
#    document presets, without require-sri, which is for files from other
#    hosts and the site has none).
# 3. Starts `partnerdesk serve` on a free port and drives headless Chromium
#    through /help/ (.ci/docs-browser.mjs): root page, language switch, French
#    search, links. Chromium and its driver come from Debian; they are
#    installed when missing (as root, as in CI).
# 4. axe-core in the same Chromium on every page of both languages
#    (.ci/docs-axe.mjs): 0 WCAG 2 A and AA violations.
#
# html-validate and axe-core, and everything they depend on, come from
# .ci/docs-tools/package-lock.json: `npm ci` installs them into target/docs-ci/
# (or DOCS_CI_TOOLS), again whenever the committed package.json or lockfile
# differs from the copy there.
#
# The runnable examples of the pages run in `cargo test` (tests/docs_examples.rs).
# Prints one PASS or FAIL line at the end; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

pinned="$PWD/.ci/docs-tools"
tools="${DOCS_CI_TOOLS:-$PWD/target/docs-ci}"
source .ci/lib.sh
ci_begin docs-checks "docs check --strict, HTML validation, browser test, axe-core on every page"

step "binary"
ci_binary

step "docs check --strict"
"$bin" docs check --strict

step "docs build"
"$bin" docs build --strict --base-url /help/ --out "$work/site"

step "html-validate"
validator="$tools/node_modules/.bin/html-validate"
axe="$tools/node_modules/axe-core/axe.min.js"
if [[ ! -x "$validator" || ! -f "$axe" ]] || ! cmp -s "$pinned/package.json" "$tools/package.json" \
  || ! cmp -s "$pinned/package-lock.json" "$tools/package-lock.json"; then
  echo "npm ci (pinned by .ci/docs-tools/package-lock.json) into $tools"
  mkdir -p "$tools"
  cp "$pinned/package.json" "$pinned/package-lock.json" "$tools/"
  (cd "$tools" && timeout 300 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
"$validator" --version
echo "axe-core $(node -p "require('$tools/node_modules/axe-core/package.json').version")"
mapfile -t pages < <(find "$work/site" -name '*.html' | sort)
[[ ${#pages[@]} -gt 0 ]] || { echo "no HTML files were built" >&2; exit 1; }
"$validator" --config .ci/.htmlvalidate.json "${pages[@]}"
echo "${#pages[@]} HTML files are valid"

step "install Chromium"
ci_chromium

step "serve /help/"
port=$(ci_free_port)
mkdir -p "$work/db"
"$bin" serve --listen "127.0.0.1:$port" --database-url "sqlite://$work/db/partnerdesk.db" >"$work/serve.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port/help/"
ci_wait_for "${base}en/"
echo "serving ${base}"

step "browser test"
timeout 300 node .ci/docs-browser.mjs "$base"

step "axe-core on every page (WCAG 2 A and AA)"
timeout 600 node .ci/docs-axe.mjs "$base" "$axe"
