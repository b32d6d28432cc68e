#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# End-to-end tests of the shipcast command on the bundled example.
# usage: cli_test.sh SHIPCAST SOURCE_DIR CASE
set -uo pipefail
bin=$1 src=$2 case=$3
example=$src/examples/platform-q1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

expect_exit() { # expect_exit CODE CMD...
    local want=$1; shift
    "$@" >"$work/stdout" 2>"$work/stderr"
    local got=$?
    [ "$got" -eq "$want" ] || { cat "$work/stderr" >&2; fail "exit $got, expected $want: $*"; }
}

case $case in
determinism)
    # byte-identical outputs at 1 and 2 threads (and at 3, uneven chunks)
    for t in 1 2 3; do
        expect_exit 0 "$bin" forecast "$example" --trials 3000 --threads $t --out "$work/t$t" --quiet
    done
    for f in forecast.csv distribution.csv scenarios.csv run.json; do
        cmp "$work/t1/$f" "$work/t2/$f" || fail "$f differs between 1 and 2 threads"
        cmp "$work/t1/$f" "$work/t3/$f" || fail "$f differs between 1 and 3 threads"
    done
    # a different seed gives different numbers
    expect_exit 0 "$bin" forecast "$example" --trials 3000 --seed 7 --out "$work/s7" --quiet
    cmp -s "$work/t1/forecast.csv" "$work/s7/forecast.csv" && fail "seed has no effect"
    ;;
columns)
    expect_exit 0 "$bin" forecast "$example" --trials 2000 --out "$work/o"
    head -1 "$work/o/forecast.csv" | tr -d '\r' |
        grep -qx 'scenario,id,team,title,p50,p70,p85,p95,mean,p_by_due,p_by_horizon,p_not_within_cap,criticality' ||
        fail "forecast.csv header"
    head -1 "$work/o/distribution.csv" | tr -d '\r' | grep -qx 'scenario,id,date,cumulative_probability' ||
        fail "distribution.csv header"
    rows=$(grep -c '^baseline,' "$work/o/forecast.csv")
    items=$(($(grep -c . "$example/plan.csv") - 1))
    [ "$rows" -eq "$items" ] || fail "forecast.csv has $rows baseline rows for $items items"
    # P50 <= P70 <= P85 <= P95 on every row with dates (ISO dates compare as text); the
    # fields are read with a CSV-aware split of quoted titles
    python3 - "$work/o/forecast.csv" <<'PY' || fail "percentiles out of order"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
assert rows
for r in rows:
    ps = [r[k] for k in ('p50', 'p70', 'p85', 'p95') if r[k]]
    assert ps == sorted(ps), r
    for k in ('p_by_due', 'p_by_horizon', 'p_not_within_cap', 'criticality'):
        assert r[k] == '' or 0.0 <= float(r[k]) <= 1.0, r
PY
    grep -q 'plan P85' "$work/stdout" || fail "no scenario table on stdout"
    grep -q '^IDN-02 ' "$work/stdout" || fail "no item table on stdout"
    ;;
usage)
    expect_exit 0 "$bin" --version
    grep -q '^shipcast [0-9]' "$work/stdout" || fail "--version output"
    expect_exit 0 "$bin" --help
    grep -q 'usage: shipcast forecast' "$work/stdout" || fail "--help output"
    expect_exit 2 "$bin"
    expect_exit 2 "$bin" forecast
    expect_exit 2 "$bin" frobnicate "$example"
    expect_exit 2 "$bin" forecast "$example" --bogus
    expect_exit 2 "$bin" forecast "$example" --trials 0
    grep -q -- '--trials: expected a whole number' "$work/stderr" || fail "--trials message"
    expect_exit 2 "$bin" forecast "$example" --trials -5
    expect_exit 2 "$bin" forecast "$example" --threads
    expect_exit 2 "$bin" forecast "$example" --seed 18446744073709551616
    expect_exit 2 "$bin" forecast "$example" --start 2027-02-30
    grep -q -- "--start: expected a date YYYY-MM-DD, found '2027-02-30'" "$work/stderr" || fail "--start message"
    ;;
bad-input)
    # a failing run writes nothing and leaves the previous outputs as they were
    expect_exit 0 "$bin" forecast "$example" --trials 500 --out "$work/o" --quiet
    cp -r "$work/o" "$work/before"
    cp -r "$example" "$work/plan"
    printf 'X-1,payments,Bad size,abc,3,,,,,,\n' >>"$work/plan/plan.csv"
    expect_exit 2 "$bin" forecast "$work/plan" --trials 500 --out "$work/o"
    grep -q 'plan.csv:[0-9]*:[0-9]*: size_low' "$work/stderr" || fail "message without file:line:column"
    diff -r "$work/before" "$work/o" || fail "previous outputs changed"
    expect_exit 2 "$bin" forecast "$work/missing" --out "$work/never"
    [ ! -e "$work/never" ] || fail "output folder created on error"
    ;;
*)
    fail "unknown case $case"
    ;;
esac
echo "ok: $case"
