#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/mpi.sh: the same forecast of the generated benchmark plan (bench/README.md) as
# 2 MPI ranks x 1 thread and as 1 rank x 2 threads, from the mpi-release preset
# (-DSHIPCAST_MPI=ON, Release, LTO). The pair runs BENCH_REPEAT times, alternating which goes
# first; the table shows each run's wall and CPU seconds and the ratio of the pair's walls,
# then the medians. The outputs of the two must be the same bytes (run.json but for its
# "ranks" line): checked after every pair.
#
#   bench/mpi.sh                               # 100,000 trials, 5 pairs
#   BENCH_TRIALS=20000 BENCH_REPEAT=3 bench/mpi.sh
#
# Both run under mpirun with --bind-to none: Open MPI binds one rank to one core by default,
# which would leave the second thread of the 1 x 2 run no core of its own. Environment:
# BENCH_TRIALS, BENCH_REPEAT, BENCH_SKIP_BUILD=1 (use build/mpi-release as it is), MPIRUN
# (default mpirun). Raw figures go to bench/out/mpi-times.tsv (bench/out is not committed).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

trials=${BENCH_TRIALS:-100000}
repeat=${BENCH_REPEAT:-5}
mpirun=${MPIRUN:-mpirun}
shipcast=build/mpi-release/cli/shipcast
genplan=build/mpi-release/tools/shipcast-genplan
out=bench/out
plan=$out/large
time_cmd=/usr/bin/time
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

die() {
    echo "bench/mpi.sh: $*" >&2
    exit 1
}

[[ $trials =~ ^[0-9]+$ && $trials -gt 0 ]] || die "BENCH_TRIALS must be a whole number > 0"
[[ $repeat =~ ^[0-9]+$ && $repeat -gt 0 ]] || die "BENCH_REPEAT must be a whole number > 0"
[[ -x $time_cmd ]] || die "$time_cmd not found (Debian package 'time')"
command -v "$mpirun" >/dev/null || die "$mpirun not found (Debian package openmpi-bin)"

if [[ ${BENCH_SKIP_BUILD:-0} != 1 ]]; then
    cmake --preset mpi-release >/dev/null
    cmake --build --preset mpi-release -j2 --target shipcast shipcast-genplan >/dev/null
fi
[[ -x $shipcast ]] || die "$shipcast not found: build the mpi-release preset first"
mkdir -p "$out"
"$genplan" large "$plan" >/dev/null

# run NAME RANKS THREADS: one forecast into bench/out/mpi-NAME; its wall and CPU seconds
# (user + system, of mpirun and its ranks) into bench/out/mpi-NAME.time
run() {
    local name=$1 ranks=$2 threads=$3
    "$time_cmd" -f '%e %U %S' -o "$out/mpi-$name.time" \
        "$mpirun" --allow-run-as-root --bind-to none -np "$ranks" \
        "$shipcast" forecast "$plan" --trials "$trials" --threads "$threads" \
        --out "$out/mpi-$name" --quiet >"$out/mpi-$name.log" 2>&1 ||
        die "the $name run failed: see $out/mpi-$name.log"
}

# seconds NAME: "wall cpu" of the last run NAME
seconds() {
    awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$out/mpi-$1.time"
}

same_outputs() {
    local f
    for f in forecast.csv distribution.csv scenarios.csv burnup.csv drivers.csv report.html; do
        cmp -s "$out/mpi-2x1/$f" "$out/mpi-1x2/$f" || die "$f differs between 2x1 and 1x2"
    done
    grep -v '^  "ranks": ' "$out/mpi-2x1/run.json" | cmp -s - "$out/mpi-1x2/run.json" ||
        die "run.json differs beyond its ranks line"
}

median() {
    sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

printf 'run\t2x1_wall_s\t2x1_cpu_s\t1x2_wall_s\t1x2_cpu_s\tratio_1x2/2x1\n' |
    tee "$out/mpi-times.tsv"
for ((k = 1; k <= repeat; k++)); do
    if ((k % 2)); then
        run 2x1 2 1
        run 1x2 1 2
    else
        run 1x2 1 2
        run 2x1 2 1
    fi
    read -r a_wall a_cpu < <(seconds 2x1)
    read -r b_wall b_cpu < <(seconds 1x2)
    same_outputs
    ratio=$(awk -v a="$a_wall" -v b="$b_wall" 'BEGIN { printf "%.3f", b / a }')
    printf '%d\t%s\t%s\t%s\t%s\t%s\n' "$k" "$a_wall" "$a_cpu" "$b_wall" "$b_cpu" "$ratio" |
        tee -a "$out/mpi-times.tsv"
done
col() { tail -n +2 "$out/mpi-times.tsv" | cut -f "$1" | median; }
printf 'median\t%s\t%s\t%s\t%s\t%s\n' "$(col 2)" "$(col 3)" "$(col 4)" "$(col 5)" "$(col 6)"
echo "($trials trials of $plan, 2 scenarios; the outputs of every pair are the same bytes)"
