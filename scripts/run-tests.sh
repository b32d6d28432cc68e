#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets up, builds and runs the whole test suite twice: a debug build, then an
# AddressSanitizer + UBSan build. Warnings are errors in both. Then an MPI build (Open MPI) and
# its tests under mpirun (label mpi). Then the always-on checks:
# formatting, cppcheck, clang-tidy, a valgrind run of the example, and a short fuzzing run of
# every fuzz target (fuzz/run.sh). Any failure stops the script with a non-zero status.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --checks
jobs=$(nproc)
for preset in debug asan; do
    echo "== $preset build and tests"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" -j "$jobs" >/dev/null
    ctest --preset "$preset" -j "$jobs"
done
echo "== mpi build and tests (ctest label mpi)"
# Only what the MPI tests run is built: the command, the plan generator, two test programs.
cmake --preset mpi >/dev/null
cmake --build --preset mpi -j "$jobs" --target shipcast shipcast-genplan test_cluster test_packed \
    >/dev/null
ctest --preset mpi -j "$jobs"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Our C sources: tracked files and new ones not yet committed (not ignored build output).
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t sources < <(git ls-files --cached --others --exclude-standard -- '*.c' '*.h')
else
    mapfile -t sources < <(find base sim scenarios models analysis cli tools fuzz tests bench \
        -name '*.[ch]' | sort)
fi

echo "== lint: clang-format, cppcheck"
clang-format --dry-run -Werror "${sources[@]}"
includes=()
for d in base sim scenarios models analysis run cli fuzz; do includes+=(-I "$d"); done
cppcheck --enable=warning,style,performance,portability --error-exitcode=1 --std=c11 --quiet \
    "${includes[@]}" base sim scenarios models analysis run cli tools fuzz

echo "== clang-tidy (.clang-tidy) over the libraries and the command"
# The debug build's compile commands carry -Werror; compiler warnings are the compiler's
# business (it already passed), so they are not errors here.
# run/cluster_mpi.c is compiled in the MPI build only: it is checked with that build's commands.
mapfile -t tidy_files < <(printf '%s\n' "${sources[@]}" |
    grep -E '^(base|sim|scenarios|models|analysis|run|cli|fuzz)/[^/]+\.c$' |
    grep -v '^run/cluster_mpi\.c$')
# One file per clang-tidy process: clang-tidy 14 carries analyzer state from one file to the
# next (after sha256.c it flags a va_list in status.c that is initialised).
if ! printf '%s\n' "${tidy_files[@]}" |
    xargs -P "$jobs" -n 1 clang-tidy -p build/debug --quiet --extra-arg=-Wno-error \
        >"$tmp/tidy.log" 2>/dev/null; then
    grep -E -A3 'error:' "$tmp/tidy.log" >&2 || cat "$tmp/tidy.log" >&2
    echo "clang-tidy: findings above" >&2
    exit 1
fi
if ! clang-tidy -p build/mpi --quiet --extra-arg=-Wno-error run/cluster_mpi.c \
    >"$tmp/tidy-mpi.log" 2>/dev/null; then
    grep -E -A3 'error:' "$tmp/tidy-mpi.log" >&2 || cat "$tmp/tidy-mpi.log" >&2
    echo "clang-tidy: findings above (run/cluster_mpi.c)" >&2
    exit 1
fi

echo "== valgrind: the example forecast"
# Leaks that count are definite and indirect ones: libgomp keeps its worker threads (and their
# TLS, "possibly lost") alive until exit by design.
valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect \
    --show-leak-kinds=definite,indirect --error-exitcode=1 -q \
    build/debug/cli/shipcast forecast examples/platform-q1 --trials 300 --threads 2 \
    --out "$tmp/valgrind-out" --quiet

echo "== fuzz smoke run (30 s per target)"
fuzz/run.sh 30
