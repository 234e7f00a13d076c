#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each in turn.
#   bench/fuzz/run.sh [seconds-per-target] [target...]     default: 900 s, every target
# Targets: jinja yaql workflow yaml json webhook.
# The build lives in $SQUALL_FUZZ_BUILD (default build-fuzz/). Corpora grow in
# <build>/corpus/<target> (seeded once from bench/fuzz/seeds, tests/fuzzregress/data
# and the repo's data files, never written back to git); findings land in
# <build>/artifacts/<target>, logs in <build>/logs. A finding does not end a run
# (-fork=1 -ignore_crashes=1): every crash, timeout (-timeout=10) and
# out-of-memory (-rss_limit_mb=2048) is counted and kept.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fuzzdir="$here/bench/fuzz"
build="${SQUALL_FUZZ_BUILD:-$here/build-fuzz}"
seconds="${1:-900}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(jinja yaql workflow yaml json webhook)
cxx="${CXX_FUZZ:-clang++-14}"

command -v "$cxx" >/dev/null || { echo "run.sh: $cxx not found (apt-get install clang-14 libclang-rt-14-dev)" >&2; exit 2; }

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$cxx" \
      "${launcher[@]}" -DSQUALL_FUZZ=ON -DSQUALL_WERROR=OFF \
      -DSQUALL_BUILD_TESTS=OFF -DSQUALL_BUILD_STUDIO=OFF >/dev/null
nice -n 10 ninja -C "$build" -j "${FUZZ_JOBS:-2}" $(printf 'fuzz_%s ' "${targets[@]}")

# Every expression line of the repo's YAML (workflows, rules, actions), one file each.
expression_seeds() {  # pattern dest
    local n=0
    while IFS= read -r line; do
        n=$((n + 1))
        printf '%s' "$line" | sed -E 's/^[[:space:]-]*([A-Za-z_0-9]+:[[:space:]]*)?//; s/^["'\'']//; s/["'\'']$//' >"$2/repo-$n"
    done < <(grep -rhE -- "$1" "$here/packs" "$here/docs" "$here"/tests/*/data "$here"/tests/workflow/*/data \
                 --include='*.yaml' --include='*.yml' 2>/dev/null | sort -u | head -n 2000)
}

seed() {  # target dest
    local t=$1 dest=$2
    mkdir -p "$dest"
    cp "$fuzzdir/seeds/$t"/* "$dest/" 2>/dev/null || true
    [ -d "$here/tests/fuzzregress/data/$t" ] && cp "$here/tests/fuzzregress/data/$t"/* "$dest/" 2>/dev/null || true
    case "$t" in
        jinja) expression_seeds '\{\{|\{%' "$dest" ;;
        yaql) expression_seeds '<%' "$dest" ;;
        workflow)
            grep -rlE '^tasks:' "$here/packs" "$here/docs" "$here/tests" --include='*.yaml' 2>/dev/null |
                while read -r f; do cp "$f" "$dest/$(echo "$f" | md5sum | cut -c1-12).yaml"; done ;;
        yaml)
            find "$here/packs" "$here/docs" "$here/tests" "$here/resources" -name '*.yaml' -size -64k 2>/dev/null |
                while read -r f; do cp "$f" "$dest/$(echo "$f" | md5sum | cut -c1-12).yaml"; done ;;
        json)
            find "$here/packs" "$here/docs" "$here/tests" "$here/resources" -name '*.json' -size -64k 2>/dev/null |
                while read -r f; do cp "$f" "$dest/$(echo "$f" | md5sum | cut -c1-12).json"; done ;;
        webhook)
            find "$here/tests/e2e/data" "$here/tests/rules/data" -name '*.json' -size -16k 2>/dev/null | head -n 50 |
                while read -r f; do
                    { printf 'Content-Type: application/json\r\n\r\n'; cat "$f"; } >"$dest/$(echo "$f" | md5sum | cut -c1-12)"
                done ;;
    esac
}

summary=()
for t in "${targets[@]}"; do
    corpus="$build/corpus/$t"
    artifacts="$build/artifacts/$t"
    log="$build/logs/$t.log"
    mkdir -p "$artifacts" "$build/logs"
    [ -d "$corpus" ] && [ -n "$(ls -A "$corpus")" ] || seed "$t" "$corpus"
    before=$(ls "$artifacts" | wc -l)
    echo "== fuzz_$t for ${seconds}s (corpus $(ls "$corpus" | wc -l) files)"
    TIMEFORMAT='%R %U %S'
    { time nice -n 10 "$build/bench/fuzz/fuzz_$t" "$corpus" -dict="$fuzzdir/dicts/$t.dict" \
          -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
          -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
          -artifact_prefix="$artifacts/" -print_final_stats=1 -print_funcs=0 >"$log" 2>&1 || true; } 2>"$build/logs/$t.time"
    read -r wall user sys <"$build/logs/$t.time"
    last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -n 1 || true)
    execs=$(sed -nE 's/^#([0-9]+): .*/\1/p' <<<"$last")
    cov=$(sed -nE 's/.* cov: ([0-9]+) .*/\1/p' <<<"$last")
    ft=$(sed -nE 's/.* ft: ([0-9]+) .*/\1/p' <<<"$last")
    crashes=$(sed -nE 's/.*oom\/timeout\/crash: ([0-9\/]+) .*/\1/p' <<<"$last")
    found=$(( $(ls "$artifacts" | wc -l) - before ))
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.0f", u + s }')
    rate=$(awk -v e="${execs:-0}" -v w="$wall" 'BEGIN { printf "%.0f", (w > 0 ? e / w : 0) }')
    line=$(printf '%-9s wall %6.0fs  cpu %6ss  execs %10s  exec/s %6s  cov %6s  ft %7s  corpus %6s  oom/timeout/crash %-8s new artifacts %s' \
           "$t" "$wall" "$cpu" "${execs:-?}" "$rate" "${cov:-?}" "${ft:-?}" "$(ls "$corpus" | wc -l)" "${crashes:-?}" "$found")
    echo "$line"
    summary+=("$line")
    ls "$artifacts" | tail -n +$((before + 1)) | sed "s|^|    $artifacts/|"
done
echo "== summary (logs: $build/logs)"
printf '%s\n' "${summary[@]}"
