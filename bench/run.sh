#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/run.sh: wall time, throughput and peak memory of `shipcast forecast` on the generated
# benchmark plan (12 teams, 240 items, ~300 dependencies, a year of history), for several
# trial counts and 1 and 2 threads. Each configuration runs BENCH_REPEAT times; the table
# shows the median time and the largest peak RSS of the repeats.
#
#   bench/run.sh                                   # trials 10^4 10^5 10^6, threads 1 2, 3 runs
#   BENCH_TRIALS="10000 100000" BENCH_REPEAT=5 bench/run.sh
#
# Environment: BENCH_TRIALS (trial counts), BENCH_THREADS (default "1 2"), BENCH_REPEAT
# (default 3), BENCH_SKIP_BUILD=1 to use the binaries already in build/release.
# Raw measurements go to bench/out/times.tsv (bench/out is not committed).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

trials_list=${BENCH_TRIALS:-"10000 100000 1000000"}
threads_list=${BENCH_THREADS:-"1 2"}
repeat=${BENCH_REPEAT:-3}
shipcast=build/release/cli/shipcast
genplan=build/release/tools/shipcast-genplan
out=bench/out
plan=$out/large
time_cmd=/usr/bin/time

die() {
    echo "bench/run.sh: $*" >&2
    exit 1
}

is_whole_number() {
    [[ $1 =~ ^[0-9]+$ ]] && ((10#$1 > 0))
}

check_settings() {
    is_whole_number "$repeat" || die "BENCH_REPEAT must be a whole number > 0, got '$repeat'"
    local n
    for n in $trials_list $threads_list; do
        is_whole_number "$n" || die "BENCH_TRIALS and BENCH_THREADS take whole numbers > 0, got '$n'"
    done
    [[ -x $time_cmd ]] || die "$time_cmd not found (Debian package 'time')"
}

build_release() {
    if [[ ${BENCH_SKIP_BUILD:-0} == 1 ]]; then
        return
    fi
    cmake --preset release >/dev/null
    cmake --build --preset release -j2
}

generate_plan() {
    [[ -x $genplan ]] || die "$genplan not found: build the release preset first"
    "$genplan" large "$plan"
}

# Median of the numbers on stdin, one per line.
median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Runs one configuration once; appends "trials threads seconds rss_kib" to the raw file.
run_once() {
    local trials=$1 threads=$2 raw=$3
    local run_out="$out/run-$trials-$threads" measure="$out/.time"
    if ! "$time_cmd" -f '%e %M' -o "$measure" \
        "$shipcast" forecast "$plan" --trials "$trials" --threads "$threads" --out "$run_out" \
        >"$out/run-$trials-$threads.log" 2>&1; then
        cat "$out/run-$trials-$threads.log" >&2
        die "shipcast failed for $trials trials, $threads threads (log above)"
    fi
    read -r seconds rss_kib <"$measure"
    printf '%s\t%s\t%s\t%s\n' "$trials" "$threads" "$seconds" "$rss_kib" >>"$raw"
}

print_table() {
    local raw=$1 trials threads seconds rss_kib
    printf '%10s %8s %12s %14s %14s\n' trials threads "median s" trials/s "peak RSS MiB"
    for trials in $trials_list; do
        for threads in $threads_list; do
            seconds=$(awk -v n="$trials" -v t="$threads" '$1 == n && $2 == t { print $3 }' "$raw" | median)
            rss_kib=$(awk -v n="$trials" -v t="$threads" '$1 == n && $2 == t && $4 > m { m = $4 } END { print m + 0 }' "$raw")
            awk -v n="$trials" -v t="$threads" -v s="$seconds" -v m="$rss_kib" 'BEGIN {
                rate = s > 0 ? sprintf("%.0f", n / s) : "inf"
                printf "%10d %8d %12.2f %14s %14.1f\n", n, t, s, rate, m / 1024 }'
        done
    done
}

# Instructions per trial of a workload, from callgrind: the difference between two runs of
# the command, so that loading and writing cancel out.
instructions_per_trial() {
    local dir=$1 low=$2 high=$3 count
    count() {
        valgrind --tool=callgrind --callgrind-out-file="$out/cg.$1" "$shipcast" forecast "$dir" \
            --trials "$1" --threads 1 --quiet --out "$out/cg-run" >/dev/null 2>&1
        awk '/^summary:/ { print $2 }' "$out/cg.$1"
    }
    local a b
    a=$(count "$low")
    b=$(count "$high")
    echo $(((b - a) / (high - low)))
}

main() {
    check_settings
    build_release
    [[ -x $shipcast ]] || die "$shipcast not found: build the release preset first"
    mkdir -p "$out"
    generate_plan
    echo "== shipcast-bench: trial time against the floor, both workloads" >&2
    build/release/bench/shipcast-bench --trials "${BENCH_CORE_TRIALS:-200000}" --repeat 5 \
        "$plan" "$out/work"
    if command -v valgrind >/dev/null; then
        echo
        echo "instructions per trial (callgrind; every scenario of the plan):"
        echo "  large plan:        $(instructions_per_trial "$plan" 100 300)"
        echo "  one-team backlog:  $(instructions_per_trial "$out/work/backlog" 10000 30000)"
    fi
    local raw="$out/times.tsv" trials threads i
    printf 'trials\tthreads\tseconds\trss_kib\n' >"$raw"
    for trials in $trials_list; do
        for threads in $threads_list; do
            for ((i = 1; i <= repeat; i++)); do
                echo "bench: $trials trials, $threads thread(s), run $i/$repeat" >&2
                run_once "$trials" "$threads" "$raw"
            done
        done
    done
    echo
    echo "shipcast forecast $plan ($(nproc) CPUs, median of $repeat runs)"
    print_table "$raw"
}

main "$@"
