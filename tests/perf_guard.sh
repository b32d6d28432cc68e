#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Performance regression guard: instructions per trial of the example forecast, counted by
# valgrind's callgrind (deterministic, unlike wall-clock time), must not exceed the committed
# baseline for this build type by more than 10 %. Instructions per trial are the difference
# between a run of 300 and a run of 100 trials, divided by 200, so loading and writing cancel.
#   usage: perf_guard.sh SHIPCAST SOURCE_DIR BUILD_TYPE
#   PERF_GUARD_UPDATE=1 rewrites the baseline (review the diff like code).
# Exits 77 (skipped) without valgrind or without a baseline for the build type.
set -euo pipefail
bin=$1 src=$2 build_type=${3:-none}
baseline_file=$src/bench/instructions-baseline.txt
command -v valgrind >/dev/null || { echo "skipped: valgrind is not installed"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

count() { # count TRIALS -> total instructions
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.$1" \
        "$bin" forecast "$src/examples/platform-q1" --trials "$1" --threads 1 --quiet \
        --out "$work/out" >/dev/null 2>"$work/log.$1"
    awk '/^summary:/ {print $2}' "$work/cg.$1"
}
low=$(count 100)
high=$(count 300)
per_trial=$(( (high - low) / 200 ))
echo "instructions per trial ($build_type build): $per_trial"

if [ "${PERF_GUARD_UPDATE:-0}" = 1 ]; then
    touch "$baseline_file"
    grep -v "^$build_type " "$baseline_file" >"$work/rest" || true
    { cat "$work/rest"; echo "$build_type $per_trial"; } | sort >"$baseline_file"
    echo "baseline for $build_type set to $per_trial"
    exit 0
fi
baseline=$(awk -v t="$build_type" '$1 == t {print $2}' "$baseline_file" 2>/dev/null || true)
[ -n "$baseline" ] || { echo "skipped: no baseline for build type '$build_type'"; exit 77; }
limit=$(( baseline + baseline / 10 ))
echo "baseline $baseline, limit $limit (+10 %)"
if [ "$per_trial" -gt "$limit" ]; then
    echo "FAIL: $per_trial instructions per trial is more than 10 % over the baseline $baseline"
    exit 1
fi
echo "ok: $(( 100 * per_trial / baseline )) % of the baseline"
