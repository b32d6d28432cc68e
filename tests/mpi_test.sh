#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# End-to-end tests of the shipcast command built with MPI (SHIPCAST_MPI), under mpirun.
# usage: mpi_test.sh SHIPCAST SOURCE_DIR CASE [MPIRUN]
#   ranks         1, 2 and 3 ranks x 1 and 2 threads (and more ranks than trials, the default
#                 thread count, --sensitivity) write the same bytes as one process without
#                 mpirun; run.json differs by its "ranks" line alone; backtest runs on rank 0
#   kill          SIGKILL to one rank mid-run: the job fails, the previous outputs stay whole
#   bad-input     a bad plan or option under 3 ranks: exit 2 and exactly one shipcast line
#   rank-failure  ranks that read a bad or a different plan than rank 0 (mpirun's MPMD form):
#                 exit 2, one message naming the rank, nothing written
#   sigint        Ctrl-C to mpirun: the job stops within seconds, one message, nothing written
set -uo pipefail
bin=$1 src=$2 case=$3 mpirun=${4:-mpirun}
genplan=$(dirname "$bin")/../tools/shipcast-genplan
example=$src/examples/platform-q1
work=$(mktemp -d)
mpi_pid=
# A job still running when the test ends (it failed): mpirun ends its ranks on SIGTERM; a
# SIGKILLed mpirun would leave them running, so they are killed by pid after a grace period.
cleanup() {
    if [ -n "$mpi_pid" ]; then
        local ranks
        ranks=$(pgrep -P "$mpi_pid")
        kill -TERM "$mpi_pid" 2>/dev/null
        sleep 2
        # shellcheck disable=SC2086
        kill -KILL "$mpi_pid" $ranks 2>/dev/null
    fi
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# --oversubscribe: a CI machine has fewer cores than the tests start ranks
run_mpi() { # run_mpi NP ARGS... (mpirun's own lines go to stderr like the command's)
    local np=$1; shift
    "$mpirun" --oversubscribe --allow-run-as-root -np "$np" "$@"
}

expect_exit() { # expect_exit CODE CMD...
    local want=$1; shift
    "$@" >"$work/stdout" 2>"$work/stderr"
    local got=$?
    [ "$got" -eq "$want" ] || { cat "$work/stderr" >&2; fail "exit $got, expected $want: $*"; }
}

visible() { (cd "$1" && find . -mindepth 1 ! -name '.*' | sort); }

# one_message PATTERN WHAT: the last command's stdout and stderr hold exactly one line that
# starts with "shipcast:" (whatever mpirun adds), and it matches the grep PATTERN
one_message() {
    cat "$work/stdout" "$work/stderr" >"$work/all"
    [ "$(grep -c '^shipcast:' "$work/all")" -eq 1 ] ||
        { cat "$work/all" >&2; fail "not exactly one shipcast line for $2"; }
    grep -q "$1" "$work/all" || { cat "$work/all" >&2; fail "not the expected message for $2"; }
}

# same_outputs REF DIR RANKS: every file of REF in DIR with the same bytes; run.json (if any)
# too but for one line "ranks": RANKS when RANKS > 1
same_outputs() {
    local ref=$1 dir=$2 ranks=$3
    [ "$(visible "$ref")" = "$(visible "$dir")" ] || fail "$dir: other files than $ref"
    for f in $(visible "$ref"); do
        [ "$f" = ./run.json ] && continue
        cmp "$ref/$f" "$dir/$f" || fail "$f differs with $ranks ranks ($dir)"
    done
    [ -e "$ref/run.json" ] || return 0 # backtest writes none
    if [ "$ranks" -gt 1 ]; then
        [ "$(grep -c '^  "ranks": ' "$dir/run.json")" -eq 1 ] || fail "$dir/run.json: no ranks line"
        grep -qx "  \"ranks\": $ranks," "$dir/run.json" || fail "$dir/run.json: ranks is not $ranks"
        grep -v '^  "ranks": ' "$dir/run.json" | cmp - "$ref/run.json" ||
            fail "run.json differs beyond its ranks line ($dir)"
    else
        cmp "$ref/run.json" "$dir/run.json" || fail "run.json differs with one rank ($dir)"
    fi
}

# rank_pid MPIRUN_PID RANK: the pid of that rank of the job (mpirun forks its local ranks)
rank_pid() {
    local c
    for c in $(pgrep -P "$1"); do
        if tr '\0' '\n' <"/proc/$c/environ" 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=$2"; then
            echo "$c"
            return 0
        fi
    done
    return 1
}

# start_long_job NP: a forecast of the large generated plan that runs for minutes, on NP ranks
# writing into $work/o, in the background (mpi_pid); returns once its ranks simulate
start_long_job() {
    "$genplan" large "$work/large" >/dev/null || fail "shipcast-genplan large $work/large"
    # mpirun itself in the background (not a function's subshell): its children are the ranks
    "$mpirun" --oversubscribe --allow-run-as-root -np "$1" "$bin" forecast "$work/large" \
        --trials 2000000 --threads 1 --out "$work/o" --quiet >"$work/stdout" 2>"$work/stderr" &
    mpi_pid=$!
    for _ in $(seq 200); do
        if [ "$(pgrep -P "$mpi_pid" | wc -l)" -ge "$1" ]; then
            sleep 1 # past loading the plan, into the simulation
            return 0
        fi
        sleep 0.1
    done
    fail "the $1 ranks did not start within 20 s"
}

# two_plans NP_A PLAN_A NP_B PLAN_B: one job (mpirun's MPMD form) whose first NP_A ranks
# forecast PLAN_A and the next NP_B ranks PLAN_B, into $work/o
two_plans() {
    "$mpirun" --oversubscribe --allow-run-as-root \
        -np "$1" "$bin" forecast "$2" --trials 300 --out "$work/o" --quiet : \
        -np "$3" "$bin" forecast "$4" --trials 300 --out "$work/o" --quiet
}

# end_job SIGNAL PID: sends SIGNAL to PID (mpirun or a rank), waits for the job's end; sets got
# (mpirun's status) and took_ms (from the signal to the end)
end_job() {
    kill "-$1" "$2"
    local sent_ns
    sent_ns=$(date +%s%N)
    wait "$mpi_pid"
    got=$?
    mpi_pid=
    took_ms=$((($(date +%s%N) - sent_ns) / 1000000))
}

case $case in
ranks)
    # 301 trials: blocks of 151/150, 101/100/100; the reference is one process, no mpirun
    expect_exit 0 "$bin" forecast "$example" --trials 301 --threads 1 --out "$work/ref" --quiet
    grep -q '=>' "$work/ref/drivers.csv" || fail "the example has no resource edges to reduce"
    for np in 1 2 3; do
        for t in 1 2; do
            expect_exit 0 run_mpi "$np" "$bin" forecast "$example" --trials 301 --threads "$t" \
                --out "$work/np$np-t$t"
            same_outputs "$work/ref" "$work/np$np-t$t" "$np"
            # the table on stdout is printed once, by rank 0
            [ "$(grep -c '^shipcast forecast of ' "$work/stdout")" -eq 1 ] ||
                fail "table not printed once by $np ranks"
        done
    done
    # the default thread count per rank (the CPUs each may use) changes nothing either
    expect_exit 0 run_mpi 2 "$bin" forecast "$example" --trials 301 --out "$work/np2-default" \
        --quiet
    same_outputs "$work/ref" "$work/np2-default" 2
    # more ranks than trials: rank 2 runs none and still takes part in every reduction
    expect_exit 0 "$bin" forecast "$example" --trials 2 --threads 1 --out "$work/ref2" --quiet
    expect_exit 0 run_mpi 3 "$bin" forecast "$example" --trials 2 --threads 2 --out "$work/np3-2" \
        --quiet
    same_outputs "$work/ref2" "$work/np3-2" 3
    # --sensitivity adds scenarios (plan statistics only) to the same run: they travel too
    expect_exit 0 "$bin" forecast "$example" --trials 301 --threads 1 --sensitivity \
        --out "$work/sens-ref" --quiet
    expect_exit 0 run_mpi 3 "$bin" forecast "$example" --trials 301 --threads 2 --sensitivity \
        --out "$work/sens3" --quiet
    [ -s "$work/sens3/sensitivity.csv" ] || fail "no sensitivity.csv under 3 ranks"
    same_outputs "$work/sens-ref" "$work/sens3" 3
    # backtest is rank 0's alone (not spread yet): the same files, written once
    expect_exit 0 "$bin" backtest "$example" --trials 200 --threads 1 --out "$work/bt-ref" --quiet
    expect_exit 0 run_mpi 2 "$bin" backtest "$example" --trials 200 --threads 1 --out "$work/bt2" \
        --quiet
    same_outputs "$work/bt-ref" "$work/bt2" 1
    ;;
kill)
    expect_exit 0 "$bin" forecast "$example" --trials 300 --out "$work/o" --quiet
    cp -r "$work/o" "$work/before"
    start_long_job 3
    victim=$(rank_pid "$mpi_pid" 1) || fail "no rank 1 among mpirun's children"
    end_job KILL "$victim"
    [ "$got" -ne 0 ] || fail "the job exited 0 after a rank was killed"
    [ "$took_ms" -le 20000 ] || fail "the job took ${took_ms} ms to end after a rank was killed"
    grep -q 'rank 1' "$work/stderr" || { cat "$work/stderr" >&2; fail "no word of rank 1's end"; }
    [ "$(visible "$work/o")" = "$(visible "$work/before")" ] ||
        fail "visible files after the kill: $(visible "$work/o" | tr '\n' ' ')"
    for f in $(visible "$work/before"); do
        cmp -s "$work/before/$f" "$work/o/$f" || fail "$f changed after a rank was killed"
    done
    pgrep -f "$work/large" >/dev/null && fail "ranks of the killed job still run"
    ;;
bad-input)
    expect_exit 0 "$bin" forecast "$example" --trials 300 --out "$work/o" --quiet
    cp -r "$work/o" "$work/before"
    cp -r "$example" "$work/plan"
    printf 'X-1,payments,Bad size,abc,3,,,,,,,\n' >>"$work/plan/plan.csv"
    expect_exit 2 run_mpi 3 "$bin" forecast "$work/plan" --trials 300 --out "$work/o"
    one_message '^shipcast: .*plan.csv:[0-9]*:[0-9]*: size_low' "a bad plan"
    diff -r "$work/before" "$work/o" || fail "previous outputs changed"
    expect_exit 2 run_mpi 3 "$bin" forecast "$example" --trials abc --out "$work/never"
    one_message '^shipcast: --trials: expected' "a bad option"
    [ ! -e "$work/never" ] || fail "output folder created on a usage error"
    expect_exit 0 run_mpi 3 "$bin" forecast --help
    [ "$(grep -c '^usage: shipcast forecast' "$work/stdout")" -eq 1 ] || fail "help not once"
    ;;
rank-failure)
    expect_exit 0 "$bin" forecast "$example" --trials 300 --out "$work/o" --quiet
    cp -r "$work/o" "$work/before"
    cp -r "$example" "$work/bad"
    printf 'X-1,payments,Bad size,abc,3,,,,,,,\n' >>"$work/bad/plan.csv"
    # ranks 1 and 2 cannot load their plan: rank 1's message, once, from rank 0
    expect_exit 2 two_plans 1 "$example" 2 "$work/bad"
    one_message '^shipcast: rank 1: .*plan.csv:[0-9]*:[0-9]*: size_low' "a failing rank"
    # rank 2 reads another (valid) plan: the inputs differ, nothing is simulated or written
    cp -r "$example" "$work/other"
    printf '; another decision\n' >>"$work/other/scenarios.ini"
    expect_exit 2 two_plans 2 "$example" 1 "$work/other"
    one_message '^shipcast: rank 2: .*differ' "ranks that read other inputs"
    diff -r "$work/before" "$work/o" || fail "previous outputs changed"
    ;;
sigint)
    start_long_job 2
    end_job INT "$mpi_pid"
    [ "$got" -ne 0 ] || fail "exit 0 after Ctrl-C"
    # mpirun gives its ranks SIGTERM, and SIGKILL after a grace period
    [ "$took_ms" -le 10000 ] || fail "the job ended ${took_ms} ms after Ctrl-C"
    [ "$(grep -c '^shipcast:' "$work/stderr")" -le 1 ] || fail "more than one shipcast line"
    [ ! -e "$work/o" ] || fail "output folder created by an interrupted run"
    pgrep -f "$work/large" >/dev/null && fail "ranks of the interrupted job still run"
    ;;
*)
    fail "unknown case $case"
    ;;
esac
exit 0
