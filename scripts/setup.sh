#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what shipcast needs to build and test on Debian 12, if anything is missing.
# Idempotent: when every package is present it does nothing (and needs no root).
set -euo pipefail

# usage: setup.sh [--checks]
# tzdata: the zone files (/usr/share/zoneinfo) that history timestamps are read against;
# libjson-c-dev: GitHub's JSON exports (shipcast import).
packages=(gcc make cmake pkg-config libc6-dev libgsl-dev libcsv-dev libcmocka-dev python3 tzdata
          libjson-c-dev)
# --checks: what scripts/run-tests.sh also needs: lint, static analysis, valgrind. clang (with
# its sanitizer/libFuzzer runtime and OpenMP) builds only the fuzz targets (fuzz/run.sh); the
# project itself is built and tested with gcc. Debian's Chromium (with a font to render text)
# renders report.html in the test report-browser, xmllint checks it is well-formed XML
# (report-xml), man renders the manual page (cli-install). Open MPI builds and runs the MPI
# build's tests (the preset mpi).
if [ "${1:-}" = --checks ]; then
    packages+=(clang-format cppcheck clang-tidy valgrind clang libclang-rt-14-dev libomp-14-dev
               chromium libxml2-utils fonts-dejavu-core man-db libopenmpi-dev openmpi-bin)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "setup: missing packages ${missing[*]}; run as root or install sudo" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
