#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets up, builds the release binary and forecasts the bundled example plan:
# the table (with what drives the dates and what would move them) goes to the terminal, the
# CSV files and report.html to ./shipcast-out/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" >/dev/null
build/release/cli/shipcast forecast examples/platform-q1 --out shipcast-out --sensitivity "$@"
