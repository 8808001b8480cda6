#!/usr/bin/env bash
# The test suite, repeatedly, while two busy loops keep both cores of a 2-core machine busy: every run is a fresh
# `dotnet test` process, no retries. Run from the repository root after `dotnet build RpsVision.sln`:
#   bench/suite-under-load.sh [suite runs, default 10] [training-test runs, default 30]
# Prints one line per run and a last line "N of M green".
set -uo pipefail
suite_runs=${1:-10}; training_runs=${2:-30}
busy() { while :; do :; done; }
busy & load1=$!; busy & load2=$!
trap 'kill $load1 $load2 2>/dev/null' EXIT
green=0; total=0
run() {
  local name=$1; shift
  total=$((total + 1))
  local result
  result=$(dotnet test "$@" --no-build 2>&1 | grep -E "^(Passed|Failed)!|^\s+Failed " | tr -s ' ' | tr '\n' ' ')
  case "$result" in Passed!*) green=$((green + 1));; esac
  echo "$name $(date -u +%T) $result"
}
for i in $(seq 1 "$suite_runs"); do run "suite $i" RpsVision.sln; done
for i in $(seq 1 "$training_runs"); do run "training $i" RpsVision.Tests --filter "FullyQualifiedName~RpsVision.Tests.Training"; done
echo "$green of $total green"
