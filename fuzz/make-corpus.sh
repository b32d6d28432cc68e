#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Rebuilds the seed corpora fuzz/corpus/{date,plan,ini,table} from the hostile-input corpus
# (tests/hostile: its pinned copy of the example, _base, and every case). Seeds are kept small (libFuzzer's default maximum input
# length is the largest seed): the example's history is thinned to every 7th row, which keeps
# its spread over the sampling window. Run it after adding hostile cases; commit the result.
# fuzz/corpus/calibration is not rebuilt here: its seeds are calibration.csv files of
# `shipcast backtest` on the example (plain, --excel, --excel --decimal-comma) and small
# hand-written good and bad files, kept as committed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
example=$root/tests/hostile/_base
out=$root/fuzz/corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out/date" "$out/plan" "$out/ini" "$out/table" "$out/datefmt" "$out/tz" "$out/import" \
    "$out/json"
mkdir -p "$out/date" "$out/plan" "$out/ini" "$out/table" "$out/datefmt" "$out/tz" "$out/import" \
    "$out/json"

# Packs a plan folder into one fuzz_plan input: the files in fuzz.h's order, separated by
# 0x1E; an absent file is the single byte 0x18.
pack() { # pack DIR OUTFILE
    local dir=$1 first=true f
    for f in history.csv teams.csv plan.csv calendar.csv scenarios.ini changes.csv risks.csv; do
        $first || printf '\036'
        first=false
        if [ -e "$dir/$f" ]; then cat "$dir/$f"; else printf '\030'; fi
    done >"$2"
}

base=$work/base
mkdir -p "$base"
cp "$example"/* "$base"/
awk 'NR == 1 || NR % 7 == 0' "$example/history.csv" >"$base/history.csv"
pack "$base" "$out/plan/example"
cp "$base/scenarios.ini" "$out/ini/example"

for dir in "$root"/tests/hostile/*/; do
    name=$(basename "$dir")
    case $name in _*) continue ;; esac
    plan=$work/$name
    cp -r "$base" "$plan"
    for f in "$dir"*; do
        b=$(basename "$f")
        case $b in
        expect) ;;
        *.append) cat "$f" >>"$plan/${b%.append}" ;;
        *.delete) rm -f "$plan/${b%.delete}" ;;
        history.csv) awk 'NR == 1 || NR % 7 == 0' "$f" >"$plan/$b" ;;
        *) cp "$f" "$plan/$b" ;;
        esac
    done
    pack "$plan" "$out/plan/$name"
    # a seed's size becomes libFuzzer's input length limit: big cases stay out
    [ "$(stat -c %s "$out/plan/$name")" -le 16384 ] || rm "$out/plan/$name"
    if [ -e "$plan/scenarios.ini" ] && ! cmp -s "$plan/scenarios.ini" "$base/scenarios.ini"; then
        cp "$plan/scenarios.ini" "$out/ini/$name"
    fi
done

# Tables (fuzz_table): an options byte, then a file. The example's CSV files and the hostile
# cases' own, with unknown columns allowed (bit 2; their `id` is the one required column), as
# written and, where no quote makes it ambiguous, with ';' (1) and tab (2) separators; and
# headers that repeat columns as tracker exports do.
table_seed() { # table_seed OPTIONS FILE NAME
    { printf "\\$(printf '%03o' "$1")"; cat "$2"; } >"$out/table/$3"
    [ "$(stat -c %s "$out/table/$3")" -le 16384 ] || rm "$out/table/$3"
}
for f in "$base"/*.csv "$root"/tests/hostile/[!_]*/*.csv; do
    name=$(basename "$(dirname "$f")")-$(basename "$f" .csv)
    table_seed 4 "$f" "$name"
    if ! grep -q '"' "$f"; then
        tr ',' ';' <"$f" >"$work/semicolon.csv"
        table_seed 5 "$work/semicolon.csv" "$name-semicolon"
        tr ',' '\t' <"$f" >"$work/tab.csv"
        table_seed 6 "$work/tab.csv" "$name-tab"
    fi
done
printf 'Issue key,Labels,Sprint,labels,ID,Sprint,Name\nA-1,x,s1,y,1,s2,n\nA-2,,,,2,,\n' \
    >"$work/jira.csv"
table_seed 4 "$work/jira.csv" jira-repeated
table_seed 0 "$work/jira.csv" jira-unknown-column
printf 'id;labels;labels\n1;"a;b";c\n' >"$work/quoted.csv"
table_seed 9 "$work/quoted.csv" semicolon-quoted

# Dates: every distinct date-like field of the example and the hostile cases, and the forms
# date.h promises to parse or reject.
{
    cat "$example"/*.csv "$root"/tests/hostile/*/*.csv* 2>/dev/null |
        grep -aoE '[0-9]{4,5}-[0-9]{2}-[0-9]{2}([T ][0-9:.]+(Z|[+-][0-9:]+)?)?' | sort -u | head -60
    printf '%s\n' '2026-10-14T09:30:00Z' '2026-10-14 09:30' '2026-10-14T09:30:00.123+02:00' \
        ' 2027-02-28 ' '2024-02-29' '2100-02-29' '0001-01-01' '9999-12-31' '2026-13-01' \
        '2026-1-1' '+2026-01-01' '2026-01-01T25:00' '2026-01-01T09:30:00+2' ''
} | while IFS= read -r d; do
    printf '%s' "$d" >"$out/date/$(printf '%s' "$d" | sha1sum | cut -c1-16)"
done
# Date forms (fuzz_datefmt): every form with and without times, 12-hour clocks, offsets, and
# the dates of the sample exports.
{
    printf '%s\n' '21/Nov/26 3:04 PM' '02/Mar/26 12:39 AM' '21/Nov/2026' '21.11.2026 15:04' \
        '1.2.2026 7:05:09' '21/11/2026' '11/21/2026 3:04:05 PM' '3/4/2026 6:55:03 AM' \
        '2026-11-21T15:04:05.123Z' '2020-06-01T15:49:02.582000+00:00' '2026-11-21 15:04+0130' \
        '2026-11-21T15:04-05' '2026-02-30' '29/Feb/27' '11/21/2026 13:04 PM' '9999-12-31T23:00:00Z'
    cat "$root"/tests/data/import/*.csv "$root"/tests/data/import/*.json |
        grep -aoE '[0-9]{1,4}[-/.][0-9A-Za-z]{1,3}[-/.][0-9]{2,4}([ T][0-9:.]+( ?[AP]M)?(Z|[+-][0-9:]+)?)?' |
        sort -u | head -40
} | while IFS= read -r d; do
    printf '%s' "$d" >"$out/datefmt/$(printf '%s' "$d" | sha1sum | cut -c1-16)"
done

# Zone files (fuzz_tz): a few of tzdata's, with DST in either hemisphere, negative DST,
# offsets off the hour, none at all; and one cut short.
for z in Europe/Berlin America/New_York Australia/Sydney Europe/Dublin UTC Asia/Kathmandu \
    Africa/Casablanca Pacific/Chatham; do
    cp "/usr/share/zoneinfo/$z" "$out/tz/$(echo "$z" | tr / -)"
done
head -c 300 /usr/share/zoneinfo/Europe/Berlin >"$out/tz/cut-Europe-Berlin"

# Exports (fuzz_import: an options byte, then the file; fuzz_json: a byte, then the JSON): the
# sample exports under each preset and option, and the hostile cases' exports.
import_seed() { # import_seed OPTIONS FILE NAME
    { printf "\\$(printf '%03o' "$1")"; cat "$2"; } >"$out/import/$3"
    [ "$(stat -c %s "$out/import/$3")" -le 16384 ] || rm "$out/import/$3"
}
data=$root/tests/data/import
import_seed 0 "$data/jira.csv" jira-auto
import_seed 1 "$data/jira.csv" jira
import_seed $((1 + 128)) "$data/jira.csv" jira-team-from
import_seed $((1 + 64 + 8)) "$data/jira.csv" jira-team-nothing-cancelled
import_seed 2 "$data/linear.csv" linear
import_seed $((2 + 16)) "$data/linear.csv" linear-berlin
import_seed 3 "$data/azure.csv" azure
import_seed 4 "$data/changelog.csv" changelog
import_seed $((4 + 16)) "$data/changelog.csv" changelog-berlin
import_seed 5 "$data/generic.csv" generic
import_seed $((5 + 32)) "$data/generic.csv" generic-dmy
import_seed $((6 + 8)) "$data/github.json" github
for f in "$root"/tests/hostile/history-*/*.csv "$root"/tests/hostile/history-*/*.json; do
    [ -e "$f" ] || continue
    import_seed $((8 + 32)) "$f" "hostile-$(basename "$(dirname "$f")")"
done
printf 'id,team,type,done\nA-1,t,story,03/04/2026\n' >"$work/dmy.csv"
import_seed $((5 + 32)) "$work/dmy.csv" csv-dmy
for k in 0 1 2 3; do
    { printf "\\$(printf '%03o' "$k")"; cat "$data/github.json"; } >"$out/json/github-$k"
done
printf '\000[{"number":1,"state":"CLOSED","createdAt":"2026-01-01T00:00:00Z","closedAt":null,' \
    >"$out/json/closed-null"
printf '"labels":[{"name":"bug"},"epic"],"stateReason":"NOT_PLANNED"}]' >>"$out/json/closed-null"

echo "corpus: $(ls "$out/date" | wc -l) date, $(ls "$out/plan" | wc -l) plan, $(ls "$out/ini" | wc -l) ini," \
    "$(ls "$out/table" | wc -l) table, $(ls "$out/datefmt" | wc -l) datefmt, $(ls "$out/tz" | wc -l) tz," \
    "$(ls "$out/import" | wc -l) import, $(ls "$out/json" | wc -l) json seeds"
