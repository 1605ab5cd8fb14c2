#!/usr/bin/env bash
# Bounded fuzzing with cargo fuzz (libFuzzer, AddressSanitizer): builds every
# target of fuzz/ once, then runs each for FUZZ_SECONDS (default 60) with its
# working corpus fuzz/corpus/<target> and the committed inputs of
# fuzz/regressions/<target>, which are therefore replayed on every run.
#
# Toolchain: by default the machine's pinned stable toolchain with
# RUSTC_BOOTSTRAP=1 (cargo fuzz needs -Z flags), so that every run builds with
# the same compiler. FUZZ_TOOLCHAIN=nightly-YYYY-MM-DD (a dated rustup nightly,
# e.g. nightly-2026-11-27, installed with `rustup toolchain install`) uses that
# nightly instead; an undated `nightly` is refused, since what it names changes
# from day to day.
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TERM_COLOR=never
seconds="${FUZZ_SECONDS:-60}"

# cargo-fuzz, pinned.
CARGO_FUZZ_VERSION=0.13.2
if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  echo "== installing cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

choice="${FUZZ_TOOLCHAIN:-stable}"
if [[ "$choice" =~ ^nightly-[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]]; then
  fuzz=(cargo "+$choice" fuzz)
  echo "== cargo fuzz on $(rustc "+$choice" --version) ($choice)"
elif [ "$choice" != stable ]; then
  echo "FUZZ_TOOLCHAIN=$choice: use stable (the default) or a dated nightly such as nightly-2026-11-27" >&2
  exit 2
else
  fuzz=(cargo fuzz)
  export RUSTC_BOOTSTRAP=1
  echo "== cargo fuzz on $(rustc --version) with RUSTC_BOOTSTRAP=1"
fi

mapfile -t targets < <("${fuzz[@]}" list)
if [ "${#targets[@]}" -eq 0 ]; then
  echo "no fuzz targets found in fuzz/" >&2
  exit 1
fi

# cargo fuzz has no --locked: check that fuzz/Cargo.lock is up to date first,
# so that the build uses exactly the committed versions.
cargo metadata --locked --format-version 1 --filter-platform "$(rustc -vV | sed -n "s/^host: //p")" --manifest-path fuzz/Cargo.toml >/dev/null

echo "== cargo fuzz build (${targets[*]})"
"${fuzz[@]}" build

status=0
for target in "${targets[@]}"; do
  corpus="fuzz/corpus/$target"
  regressions="fuzz/regressions/$target"
  mkdir -p "$corpus" "$regressions" "fuzz/artifacts/$target"
  args=(-max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 -print_final_stats=1)
  if [ -f "fuzz/dicts/$target.dict" ]; then
    args+=(-dict="fuzz/dicts/$target.dict")
  fi
  log="fuzz/artifacts/$target.log"
  # New inputs go to the first directory only; the regressions stay as committed.
  if "${fuzz[@]}" run "$target" "$corpus" "$regressions" -- "${args[@]}" >"$log" 2>&1; then
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
    echo "fuzz $target: ok (${runs:-?} runs)"
  else
    status=1
    crash="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)"
    echo "---- $target: the failure, then the end of $log:" >&2
    grep -m 1 -A 6 -E 'panicked at|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)' "$log" >&2 || true
    echo "...." >&2
    tail -n 25 "$log" >&2
    echo "fuzz $target: FAILED${crash:+, input saved at $crash}" >&2
    if [ -n "$crash" ]; then
      echo "  reproduce: ${fuzz[*]} run $target $crash" >&2
    fi
  fi
done

# FUZZ_CLEAN=1 (as .ci/run sets it) removes the sanitizer build afterwards: it
# is several GiB, and the steps after this one need the disk.
if [ "${FUZZ_CLEAN:-0}" = 1 ]; then
  rm -rf fuzz/target
fi

if [ "$status" -ne 0 ]; then
  echo "FAIL fuzz" >&2
  exit "$status"
fi
echo "PASS fuzz"
