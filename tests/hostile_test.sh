#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Hostile-input corpus: every folder under tests/hostile/ is one case, a small change applied
# to a copy of tests/hostile/_base, and an `expect` file saying what shipcast must do with it.
# _base is a pinned copy of examples/platform-q1: the cases name lines and columns, so they
# must not move when the example is regenerated (refresh _base and the cases together).
#
# usage: hostile_test.sh SHIPCAST SOURCE_DIR [CASE...]
#
# Files in a case folder (all optional but `expect`):
#   NAME            replaces NAME in the plan copy (an empty file makes NAME empty)
#   NAME.append     is appended to NAME
#   NAME.delete     removes NAME
#   expect          one directive per line; '#' starts a comment line:
#     status N      the exit status: 2 for bad input, 0 for input that must be accepted
#     where LOC     stderr names LOC followed by ':' -- FILE:LINE:COLUMN, or FILE:LINE or FILE
#                   where no line or column applies (a missing file)
#     phrase ERE    stderr matches this extended regex (case-insensitive); repeatable
#     keep-out      OUT already holds a good run's files; they must stay byte-identical
# A failing case (status 2) must not create OUT; an accepted one must write forecast.csv.
# Every run has a time limit, so a hang fails its case instead of the suite; a crash shows
# as an exit status above 128 (or a sanitizer report) and fails too.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 SHIPCAST SOURCE_DIR [CASE...]" >&2; exit 2; }
bin=$1 src=$2
shift 2
corpus=$src/tests/hostile
example=$corpus/_base
limit=${HOSTILE_TIMEOUT:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ $# -gt 0 ]; then
    cases=("$@")
else
    cases=()
    for d in "$corpus"/*/; do
        case $(basename "$d") in _*) continue ;; esac
        cases+=("$(basename "$d")")
    done
fi

# A good run of the base, made once, for the keep-out cases.
good=$work/good
"$bin" forecast "$example" --out "$good" --trials 200 --quiet >/dev/null 2>&1 ||
    { echo "FAIL: tests/hostile/_base itself does not run" >&2; exit 1; }

failures=0
fail() { # fail CASE MESSAGE
    echo "FAIL: $1: $2" >&2
    failures=$((failures + 1))
}

run_case() {
    local name=$1 dir=$corpus/$1
    local plan=$work/$name/plan out=$work/$name/out
    [ -f "$dir/expect" ] || { fail "$name" "no expect file"; return; }
    mkdir -p "$work/$name"
    cp -r "$example" "$plan"
    local f base
    for f in "$dir"/*; do
        base=$(basename "$f")
        case $base in
        expect) ;;
        *.append) cat "$f" >>"$plan/${base%.append}" ;;
        *.delete) rm -f "$plan/${base%.delete}" ;;
        *) cp "$f" "$plan/$base" ;;
        esac
    done

    local want_status="" keep_out=false where="" line key value
    local -a phrases=()
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in '' | '#'*) continue ;; esac
        key=${line%% *}
        value=${line#"$key"}
        value=${value# }
        case $key in
        status) want_status=$value ;;
        where) where=$value ;;
        phrase) phrases+=("$value") ;;
        keep-out) keep_out=true ;;
        *) fail "$name" "unknown directive '$key' in expect"; return ;;
        esac
    done <"$dir/expect"
    [ -n "$want_status" ] || { fail "$name" "expect has no status"; return; }

    if $keep_out; then
        cp -r "$good" "$out"
    fi
    local got=0
    timeout -s KILL "$limit" "$bin" forecast "$plan" --out "$out" --trials 200 --quiet \
        >"$work/$name/stdout" 2>"$work/$name/stderr" || got=$?
    local err
    err=$(head -c 2000 "$work/$name/stderr")
    if [ "$got" -eq 137 ]; then
        fail "$name" "killed after ${limit}s (hang?)"
        return
    fi
    if [ "$got" -ne "$want_status" ]; then
        fail "$name" "exit $got, expected $want_status; stderr: $err"
        return
    fi
    if grep -q -e 'Sanitizer' -e 'runtime error:' "$work/$name/stderr"; then
        fail "$name" "sanitizer report: $err"
        return
    fi
    if [ "$want_status" -eq 0 ]; then
        [ -s "$out/forecast.csv" ] || fail "$name" "accepted but no forecast.csv written"
        return
    fi
    # The location: FILE[:LINE[:COLUMN]] right after a path separator or the start of the
    # message, followed by ':'. Dots in file names are literal.
    if [ -n "$where" ]; then
        local loc=${where//./\\.}
        grep -Eq "(^|/|shipcast: )$loc:" "$work/$name/stderr" ||
            fail "$name" "stderr does not name $where: $err"
    else
        grep -Eq '[A-Za-z_.-]+\.(csv|ini)(:[0-9]+){0,2}: ' "$work/$name/stderr" ||
            fail "$name" "stderr names no FILE:LINE:COLUMN: $err"
    fi
    local p
    for p in "${phrases[@]}"; do
        grep -Eqi -- "$p" "$work/$name/stderr" || fail "$name" "stderr lacks /$p/: $err"
    done
    if $keep_out; then
        diff -r "$good" "$out" >/dev/null || fail "$name" "the previous outputs changed"
    elif [ -e "$out" ]; then
        fail "$name" "output folder created on bad input"
    fi
}

failed_cases=0
for c in "${cases[@]}"; do
    before=$failures
    if [ -d "$corpus/$c" ]; then run_case "$c"; else fail "$c" "no such case"; fi
    if [ "$failures" -eq "$before" ]; then echo "ok: $c"; else failed_cases=$((failed_cases + 1)); fi
done
echo "hostile: ${#cases[@]} cases, $failed_cases failed"
[ "$failed_cases" -eq 0 ]
