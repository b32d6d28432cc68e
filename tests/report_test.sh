#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# report.html checked by real readers.
#   usage: report_test.sh SHIPCAST SOURCE_DIR CASE
# xml:     xmllint reads it as XML (polyglot markup) with nothing on stderr, for the example (with
#          a backtest's track record, --calibration), a one-item plan without a horizon and a
#          title full of markup characters.
# browser: Debian's headless Chromium renders the example (with its track record): no console
#          message from the page
#          (script errors would show as :CONSOLE lines), the expected SVG elements in the DOM
#          after scripts ran, and a screenshot that is not blank.
# A case exits 77 (skipped) only when its program is not installed; scripts/setup.sh --checks
# installs both (CI runs with them).
set -uo pipefail
bin=$1 src=$2 case=$3
example=$src/examples/platform-q1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

run() { # run OUT PLAN [options...]
    local out=$1 plan=$2; shift 2
    "$bin" forecast "$plan" --trials 500 --threads 2 --out "$out" --quiet "$@" \
        >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; fail "forecast $plan"; }
}

# The example's backtest, for --calibration.
backtest() {
    "$bin" backtest "$example" --trials 200 --every 21 --threads 2 --out "$work/bt" --quiet \
        2>"$work/stderr" || { cat "$work/stderr" >&2; fail "backtest"; }
}

# A plan of one item, without a horizon, and with a title that is all markup characters.
one_item_plan() {
    cp -r "$example" "$work/one"
    head -1 "$example/plan.csv" >"$work/one/plan.csv"
    cat >>"$work/one/plan.csv" <<'CSV'
ONE-1,payments,"<b>Tom & Jerry's</b> ""quote"" ]]> --> é",3,5,,1,2027-02-15,,,,
CSV
    printf '[baseline]\nhistory_end = 2026-12-18\nstart = 2027-01-04\n' >"$work/one/scenarios.ini"
    rm -f "$work/one/changes.csv" "$work/one/risks.csv"
}

case $case in
xml)
    command -v xmllint >/dev/null || { echo "skipped: xmllint is not installed"; exit 77; }
    backtest
    run "$work/o" "$example" --calibration "$work/bt"
    grep -q '<section id="calibration">' "$work/o/report.html" || fail "no calibration section"
    one_item_plan
    run "$work/o1" "$work/one"
    for f in "$work/o/report.html" "$work/o1/report.html"; do
        xmllint --noout "$f" 2>"$work/xml.err" || { cat "$work/xml.err" >&2; fail "xmllint $f"; }
        [ ! -s "$work/xml.err" ] || { cat "$work/xml.err" >&2; fail "xmllint said something"; }
    done
    grep -q '&lt;b&gt;Tom &amp; Jerry&#39;s&lt;/b&gt; &quot;quote&quot; \]\]&gt; --&gt; é' \
        "$work/o1/report.html" || fail "the title is not escaped as expected"
    grep -q 'No horizon is set' "$work/o1/report.html" || fail "no-horizon summary"
    # self-contained: nothing is fetched from anywhere
    ! grep -Eq '(src|href)="(https?:)?//|@import|url\(' "$work/o/report.html" ||
        fail "report.html refers to something outside itself"
    ;;
browser)
    chromium=$(command -v chromium || command -v chromium-browser || true)
    [ -n "$chromium" ] || { echo "skipped: chromium is not installed"; exit 77; }
    backtest
    run "$work/o" "$example" --calibration "$work/bt"
    profile=$(mktemp -d)
    browse() { # browse EXTRA_ARGS... : Chromium on the example's report, stderr to browser.err
        rm -rf "$profile" && mkdir -p "$profile"
        timeout 120 "$chromium" --no-sandbox --headless --disable-gpu --no-first-run \
            --disable-background-networking --disable-component-update --disable-sync \
            --hide-scrollbars --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@" \
            "file://$work/o/report.html" 2>"$work/browser.err"
    }
    browse --dump-dom >"$work/dom.html" || { tail "$work/browser.err" >&2; fail "chromium --dump-dom"; }
    if grep ':CONSOLE' "$work/browser.err" >&2; then
        fail "the page wrote to the console"
    fi
    items=$(grep -c ',$' "$example/plan.csv") # the baseline's items: no scenario column
    python3 - "$work/dom.html" "$items" <<'PY' || fail "rendered DOM"
import re, sys
dom = open(sys.argv[1], encoding='utf-8').read()
items = int(sys.argv[2])
def count(pattern):
    return len(re.findall(pattern, dom))
checks = {
    'fans (baseline and 7 scenarios)': (count(r'<svg[^>]*class="fan( small)?"'), 8),
    'fan bands': (count(r'<path class="band-outer"'), 8),
    'fan inner bands': (count(r'<path class="band-inner"'), 8),
    'medians': (count(r'<path class="median"'), 8),
    'scenario intervals chart': (count(r'<svg[^>]*class="intervals"'), 1),
    'deltas chart': (count(r'<svg[^>]*class="deltas"'), 1),
    'item curves': (count(r'<svg[^>]*class="spark"'), items),
    'S-curves': (count(r'<path class="cdf"'), items),
    'reliability chart': (count(r'<svg[^>]*class="reliability"'), 1),
    'reliability marks (4 levels x 2 kinds, and the key)': (count(r'class="mk-(when|how)"'), 10),
    'calibration table rows (5 teams, all teams)': (count(r'<tr[^>]*><td class="id">[^<]*</td><td class="num">[0-9,]*</td><td class="cal'), 6),
}
bad = {k: v for k, v in checks.items() if v[0] != v[1]}
assert not bad, bad
for section in ('summary', 'burnup', 'scenarios', 'items', 'calibration', 'reproduce'):
    assert 'id="%s"' % section in dom, section
# the sorting script ran to its end: it makes every header of a sortable table focusable
assert count(r'<th[^>]*tabindex="0"') > 10, 'the sorting script did not run'
PY
    browse --screenshot="$work/shot.png" --window-size=800,700 >/dev/null ||
        { tail "$work/browser.err" >&2; fail "chromium --screenshot"; }
    read -r width height colours ink < <(python3 "$src/tests/png_tool.py" stats "$work/shot.png") ||
        fail "cannot read the screenshot"
    echo "screenshot: ${width}x${height}, $colours colours, $ink of the pixels not white"
    [ "$width" -eq 800 ] && [ "$height" -eq 700 ] || fail "screenshot size ${width}x${height}"
    [ "$colours" -ge 16 ] || fail "a blank-looking screenshot: $colours colours"
    awk -v ink="$ink" 'BEGIN { exit !(ink > 0.02 && ink < 0.8) }' ||
        fail "a blank-looking screenshot: $ink of the pixels not white"
    rm -rf "$profile"
    ;;
*)
    fail "unknown case $case"
    ;;
esac
echo "ok: report $case"
