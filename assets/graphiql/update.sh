#!/usr/bin/env bash
# Refreshes vendor/ from the npm registry: the GraphiQL build, React and
# ReactDOM (UMD), their CSS and licenses, at the versions package-lock.json
# pins. The binary embeds vendor/ (src/api/graphiql.rs), so the playground
# makes no request off the machine. To move to other versions, edit
# package.json, run `npm install --package-lock-only`, then this script.
set -euo pipefail
cd "$(dirname "$0")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp package.json package-lock.json "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --silent)
modules="$work/node_modules"
rm -rf vendor
mkdir -p vendor/licenses
cp "$modules/graphiql/graphiql.min.js" "$modules/graphiql/graphiql.min.css" vendor/
cp "$modules/react/umd/react.production.min.js" vendor/
cp "$modules/react-dom/umd/react-dom.production.min.js" vendor/
for package in graphiql react react-dom; do
  cp "$modules/$package/LICENSE" "vendor/licenses/$package.LICENSE"
done
# The GraphiQL bundle carries its dependencies: keep their licenses too.
for package in @graphiql/react @graphiql/toolkit @graphiql/plugin-doc-explorer @graphiql/plugin-history codemirror codemirror-graphql graphql graphql-language-service; do
  if [ -f "$modules/$package/LICENSE" ]; then
    cp "$modules/$package/LICENSE" "vendor/licenses/$(echo "$package" | tr '/@' '__').LICENSE"
  fi
done
node -e 'const l=require(process.argv[1]); for (const [k,v] of Object.entries(l.packages)) if (k) console.log(k.replace(/^node_modules\//,""), v.version, v.license||"")' "$work/package-lock.json" > vendor/licenses/PACKAGES.txt
echo "vendor/ updated:"
ls -la vendor
