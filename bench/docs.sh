#!/usr/bin/env bash
# Help-site build benchmark (issues 5 and 14): a corpus of 1,000 pages per
# language made from the real pages, organized in 20 sections per language, built by `partnerdesk docs build` (release build,
# search index, sitemap and API reference included), and by Hugo side by side
# when it is installed (Debian package `hugo`). Prints pages per second, peak
# memory and, with Hugo, the ratio. Asserts nothing.
#
# Usage:
#   bench/docs.sh
#
# Environment:
#   BENCH_DOCS_PAGES=1000   pages per language
#   BENCH_DOCS_RUNS=3       builds per generator; the fastest counts, the peak memory is the highest
#   BENCH_DOCS_DIR          working folder (default: a temporary one, removed at the end)
#
# Hugo gets a small multilingual theme doing comparable work: layout with a
# 25-entry side menu (our menu's window), hreflang alternates and language
# switcher, table of contents, previous/next, related topics, a JSON search
# index of every page's plain text per language, and its sitemaps. Syntax
# highlighting is off, as in our generator. Hugo does not validate GraphQL,
# links or Fluent terms, which ours does on every build.
set -euo pipefail
cd "$(dirname "$0")/.."

pages="${BENCH_DOCS_PAGES:-1000}"
runs="${BENCH_DOCS_RUNS:-3}"
if [[ -n "${BENCH_DOCS_DIR:-}" ]]; then
  work="$BENCH_DOCS_DIR"
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi

echo "== release build"
cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/partnerdesk"

echo "== corpus"
python3 bench/docs-corpus.py content "$work/content" "$pages"

# Runs "$@" $runs times under /usr/bin/time -v; sets best_s (fastest wall
# time, seconds) and peak_kb (highest maximum resident set size).
measure() {
  best_s=""
  peak_kb=0
  for run in $(seq 1 "$runs"); do
    /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/out.txt" 2>&1 || { cat "$work/out.txt" "$work/time.txt" >&2; exit 1; }
    local wall kb
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$work/time.txt")
    kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
    echo "   run $run: ${wall} s, ${kb} KB peak"
    if [[ -z "$best_s" ]] || awk -v a="$wall" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then best_s=$wall; fi
    if ((kb > peak_kb)); then peak_kb=$kb; fi
  done
}

echo "== partnerdesk docs build ($((pages * 2)) pages, $(nproc) cores)"
measure "$bin" docs build --strict --content "$work/content" --locales locales --out "$work/site" --base-url /help/
tail -n 1 "$work/out.txt"
ours_s=$best_s
ours_kb=$peak_kb
files=$(find "$work/site" -type f | wc -l)
size=$(du -sh "$work/site" | cut -f1)
awk -v p="$((pages * 2))" -v s="$ours_s" -v kb="$ours_kb" -v f="$files" -v z="$size" \
  'BEGIN { printf "partnerdesk: %d pages in %.2f s = %.0f pages/s, peak memory %.0f MB, %d files, %s\n", p, s, p / s, kb / 1024, f, z }'

if ! command -v hugo >/dev/null; then
  echo "hugo is not installed (apt-get install -y hugo): no comparison"
  exit 0
fi

echo "== hugo ($(hugo version | cut -d' ' -f2))"
site="$work/hugo"
mkdir -p "$site/layouts/_default" "$site/layouts/partials"
ln -sfn "$work/content" "$site/content"
cat >"$site/hugo.toml" <<'TOML'
baseURL = "http://localhost/help/"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS"]
enableRobotsTXT = false
[languages.en]
contentDir = "content/en"
languageName = "English"
weight = 1
[languages.fr]
contentDir = "content/fr"
languageName = "Français"
weight = 2
[markup.highlight]
codeFences = false
[markup.tableOfContents]
startLevel = 2
endLevel = 3
[outputs]
home = ["HTML", "JSON"]
TOML
cat >"$site/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html>
<html lang="{{ .Lang }}">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}</title><meta name="description" content="{{ .Description }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<a class="skip-link" href="#main">Skip</a>
<header><a href="{{ "" | relLangURL }}">{{ site.Title }}</a>
<form role="search" action="{{ "search/" | relLangURL }}"><input type="search" name="q"></form>
<nav><ul>{{ range .AllTranslations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}">{{ .Language.LanguageName }}</a></li>{{ end }}</ul></nav>
</header>
<div class="layout"><main id="main">{{ block "main" . }}{{ end }}</main>
<nav class="sidebar"><ol>{{ $here := .RelPermalink }}{{ range first 25 site.RegularPages.ByWeight }}<li><a href="{{ .RelPermalink }}"{{ if eq .RelPermalink $here }} aria-current="page"{{ end }}>{{ .Title }}</a></li>{{ end }}</ol></nav>
</div>
</body>
</html>
HTML
cat >"$site/layouts/_default/single.html" <<'HTML'
{{ define "main" }}
<nav class="breadcrumbs"><ol><li><a href="{{ "" | relLangURL }}">Home</a></li><li>{{ .Title }}</li></ol></nav>
<article><h1>{{ .Title }}</h1><p class="lead">{{ .Description }}</p>
<nav class="toc">{{ .TableOfContents }}</nav>
<div class="content">{{ .Content }}</div></article>
{{ with .Params.related }}<aside><ul>{{ range . }}{{ with site.GetPage . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul></aside>{{ end }}
<div class="pager">{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</div>
{{ end }}
HTML
cat >"$site/layouts/_default/list.html" <<'HTML'
{{ define "main" }}
<nav class="breadcrumbs"><ol><li><a href="{{ "" | relLangURL }}">Home</a></li><li>{{ .Title }}</li></ol></nav>
<article><h1>{{ .Title }}</h1><div class="content">{{ .Content }}</div>
<ol>{{ range .Pages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Description }}</p></li>{{ end }}</ol></article>
{{ end }}
HTML
cat >"$site/layouts/index.html" <<'HTML'
{{ define "main" }}<h1>{{ site.Title }}</h1><ol>{{ range site.RegularPages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Description }}</p></li>{{ end }}</ol>{{ end }}
HTML
cat >"$site/layouts/index.json" <<'JSON'
{{- $entries := slice -}}
{{- range site.RegularPages -}}
{{- $entries = $entries | append (dict "title" .Title "description" .Description "url" .RelPermalink "text" (.Plain | lower)) -}}
{{- end -}}
{{- $entries | jsonify -}}
JSON
measure hugo --source "$site" --destination "$work/hugo-out" --quiet
hugo_s=$best_s
hugo_kb=$peak_kb
hugo_pages=$(find "$work/hugo-out" -name index.html -path '*/*/*/index.html' | wc -l)
awk -v p="$((pages * 2))" -v s="$hugo_s" -v kb="$hugo_kb" -v n="$hugo_pages" \
  'BEGIN { printf "hugo:        %d pages in %.2f s = %.0f pages/s, peak memory %.0f MB (%d page files written)\n", p, s, p / s, kb / 1024, n }'
awk -v ours="$ours_s" -v hugo="$hugo_s" 'BEGIN { printf "ratio: partnerdesk is %.2fx as fast as Hugo (goal, issue 14: at least 4x, under 100 MiB peak)\n", hugo / ours }'
