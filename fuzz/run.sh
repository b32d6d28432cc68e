#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer targets with clang in build/fuzz and runs each for SECONDS (default 30),
# one after another on one core. Fails on any crash, leak, sanitizer report, timeout or
# out-of-memory; the offending input is left in build/fuzz/artifacts/TARGET/.
#
# usage: fuzz/run.sh [SECONDS] [TARGET...]
#        (targets: date plan ini table datefmt tz import json calibration;
#        default all)
#
# Each run starts from the committed seeds (fuzz/corpus/TARGET) and the saved crashes
# (fuzz/regressions/TARGET: they must all pass now), and grows a working corpus in
# build/fuzz/corpus/TARGET, kept between runs so that longer campaigns build on shorter ones.
# A crash found here belongs in fuzz/regressions/TARGET/ and, if it is a plan folder, as a
# case in tests/hostile/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(date plan ini table calibration datefmt tz import json)
build=$root/build/fuzz

# Warnings are not errors here: clang warns about things gcc does not, and the debug and asan
# builds already hold the code to -Werror; this build is for finding crashes.
cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSHIPCAST_FUZZ=ON -DSHIPCAST_BUILD_TESTS=OFF -DSHIPCAST_WERROR=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/#/fuzz_}" >/dev/null 2>"$build/build.log" ||
    { cat "$build/build.log" >&2; exit 1; }

status=0
for t in "${targets[@]}"; do
    work=$build/corpus/$t artifacts=$build/artifacts/$t/ log=$build/logs/$t.log
    mkdir -p "$work" "$artifacts" "$(dirname "$log")" "$root/fuzz/regressions/$t"
    # -timeout: an input that takes 10 s is a hang; -rss_limit_mb: a blow-up is a finding too.
    if "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$artifacts" \
        "$work" "$root/fuzz/corpus/$t" "$root/fuzz/regressions/$t" >"$log" 2>&1; then
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "fuzz_$t: ok, $execs executions in ${seconds}s, corpus $(ls "$work" | wc -l) inputs"
    else
        status=1
        echo "fuzz_$t: FAILED (log: $log, inputs: $artifacts)" >&2
        grep -E -A12 '^==[0-9]+==ERROR|runtime error|^fuzz_|Test unit written' "$log" | head -40 >&2
    fi
done
exit "$status"
