#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""How honest are shipcast's probabilities on real histories? (docs/calibration.md)

Builds one plan folder per real team of ../shared/data/real/derived/items.csv (people =
history_people = 1, WIP 1, started = started or created and never after done, every item
planned, history_end = the team's last completion), runs `shipcast backtest` on each (one-team
forecasts of "when are the next N = 10, 30, 60 items done" every 28 days, from 60 days into
its history, to 14 days before its end), and pools the forecasts: coverage at P50/P85/P95 against what a perfectly
calibrated forecast would score, the PIT deciles, the median error of the P50 in working days;
for the teams the model was chosen on, the held-out teams, all of them, and by N.

usage: scripts/calibration-study.py SHIPCAST [--data DIR] [--out DIR] [--pace NAME]
                                    [--set KEY=VALUE]...
                                    [--trials N] [--check]
--check exits 1 unless the pooled figures meet the target: coverage within 4 points of
perfect at P50, P85 and P95, no PIT decile above 14 %, median error at most 8 working days.
Without the data folder it says so and exits 0 (77 with --check, a skipped test).
"""
import argparse
import csv
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile

TEAMS = ["rueedlinger-P0", "rueedlinger-P1", "jsherer-PRJ", "fo-dashboard-Example4",
         "fo-dashboard-Example5", "fo-dashboard-Team1", "fo-dashboard-Team2",
         "fo-dashboard-Team3", "fo-flowmetrics-set02", "fo-flowmetrics-set04"]
# Chosen before any model was compared: one rueedlinger project, dashboard sets and one
# flowmetrics set on each side, about equal numbers of forecasts.
TRAIN = ["rueedlinger-P0", "fo-dashboard-Team2", "fo-dashboard-Example5",
         "fo-flowmetrics-set02", "jsherer-PRJ"]
ITEMS = (10, 30, 60)
LEVELS = ("p50", "p85", "p95")


def parse_args():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("shipcast")
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data", "real"))
    ap.add_argument("--out", help="keep the plan folders and outputs here")
    ap.add_argument("--pace", help="the pace model (scenarios.ini's pace), default: shipcast's")
    ap.add_argument("--window", type=int, help="the window in days, default: shipcast's")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="any other [baseline] setting (pace_half_life=30), repeatable")
    ap.add_argument("--trials", type=int, default=2000)
    ap.add_argument("--threads", type=int)
    ap.add_argument("--check", action="store_true")
    return ap.parse_args()


def day(text):
    return dt.date.fromisoformat(text) if text else None


def read_items(path):
    teams = {t: [] for t in TEAMS}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            done = day(r["completed"])
            if r["team"] not in teams or done is None:
                continue
            started = day(r["started"]) or day(r["created"])
            started = min(started, done) if started else done
            teams[r["team"]].append((r["item"], started, done))
    return teams


def write_plan(folder, team, items, args):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "history.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "team", "type", "started", "done"])
        for item, started, done in items:
            w.writerow([item, team, "story", started.isoformat(), done.isoformat()])
    with open(os.path.join(folder, "teams.csv"), "w") as f:
        f.write(f"team,people,wip,history_people\n{team},1,1,1\n")
    end = max(done for _, _, done in items)
    lines = ["[baseline]", f"history_end = {end.isoformat()}", "seed = 20240610"]
    if args.pace:
        lines.append(f"pace = {args.pace}")
    if args.window:
        lines.append(f"window = {args.window}")
    for kv in args.set:
        key, _, value = kv.partition("=")
        lines.append(f"{key.strip()} = {value.strip()}")
    with open(os.path.join(folder, "scenarios.ini"), "w") as f:
        f.write("\n".join(lines) + "\n")


def backtest(args, folder, out, first, last):
    """The scored `when` forecasts; none when the history is too short for a checkpoint."""
    if first + dt.timedelta(days=59) > last - dt.timedelta(days=14):
        return []
    to = (last - dt.timedelta(days=14)).isoformat()
    cmd = [args.shipcast, "backtest", folder, "--every", "28", "--min-history", "60", "--to", to,
           "--items", ",".join(map(str, ITEMS)), "--trials", str(args.trials), "--out", out,
           "--quiet"]
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    subprocess.run(cmd, check=True)
    with open(os.path.join(out, "backtest.csv"), newline="") as f:
        return [r for r in csv.DictReader(f) if r["kind"] == "when" and r["censored"] == "no"]


def pooled(rows):
    """Coverage, perfect, PIT deciles and median error of a set of backtest.csv rows."""
    n = len(rows)
    if n == 0:
        return None
    s = {"n": n}
    for lv in LEVELS:
        # an empty actual: not all N done by the end of the history, which is past the P95
        s["cov_" + lv] = sum(r[lv] == "" or ("" < r["actual"] <= r[lv]) for r in rows) / n
        s["perfect_" + lv] = sum(float(r["prob_at_" + lv]) for r in rows) / n
    deciles = [0] * 10
    for r in rows:
        deciles[min(9, int(float(r["pit"]) * 10))] += 1
    s["pit"] = [d / n for d in deciles]
    s["error"] = statistics.median(float(r["abs_error_p50"]) for r in rows)
    return s


def table_row(name, s):
    if s is None:
        return f"| {name} | 0 | | | | | |"
    cells = [f"{100 * s['cov_' + lv]:.0f} / {100 * s['perfect_' + lv]:.0f}" for lv in LEVELS]
    pit = f"{100 * s['pit'][0]:.0f} / {100 * s['pit'][9]:.0f} ({100 * max(s['pit']):.0f})"
    return f"| {name} | {s['n']} | {' | '.join(cells)} | {pit} | {s['error']:g} |"


def meets(s):
    return (all(abs(s["cov_" + lv] - s["perfect_" + lv]) <= 0.04 for lv in LEVELS)
            and max(s["pit"]) <= 0.14 and s["error"] <= 8)


def main():
    args = parse_args()
    items_csv = os.path.join(args.data, "derived", "items.csv")
    if not os.path.exists(items_csv):
        print(f"calibration-study: {items_csv} not found: the real histories are not beside "
              "this checkout; skipped")
        return 77 if args.check else 0
    teams = read_items(items_csv)
    work = args.out or tempfile.mkdtemp(prefix="shipcast-calibration-")
    rows = {}
    for team in TEAMS:
        folder = os.path.join(work, team)
        write_plan(folder, team, teams[team], args)
        first = min(started for _, started, _ in teams[team])
        last = max(done for _, _, done in teams[team])
        rows[team] = backtest(args, folder, os.path.join(folder, "out"), first, last)
    every = [r for t in TEAMS for r in rows[t]]
    print("| teams | forecasts | ≤ P50 / perfect | ≤ P85 / perfect | ≤ P95 / perfect "
          "| PIT lowest / highest decile (largest) | median error (working days) |")
    print("|---|---|---|---|---|---|---|")
    for team in TEAMS:
        print(table_row(team + (" (chosen on)" if team in TRAIN else ""), pooled(rows[team])))
    print(table_row("**chosen on**", pooled([r for t in TRAIN for r in rows[t]])))
    print(table_row("**held out**", pooled([r for t in TEAMS if t not in TRAIN for r in rows[t]])))
    for n in ITEMS:
        print(table_row(f"**all, N = {n}**", pooled([r for r in every if int(r["target"]) == n])))
    total = pooled(every)
    print(table_row("**all**", total))
    if args.check and not meets(total):
        print("calibration-study: the pooled figures miss the target", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
