#!/usr/bin/env bash
# `make bench`: run every benchmarks/bench_*.py with the virtual environment's Python.
# Each benchmark prints its own figures; this prints a header for each and fails if any
# benchmark fails (after running the rest). BENCH_ONLY=pages,seed runs only
# benchmarks/bench_pages.py and benchmarks/bench_seed.py.
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${VENV:-.venv}/bin/python"
shopt -s nullglob
benches=(benchmarks/bench_*.py)
if [ -n "${BENCH_ONLY:-}" ]; then
  chosen=()
  IFS=',' read -ra only <<< "$BENCH_ONLY"
  for name in "${only[@]}"; do
    if [ -f "benchmarks/bench_${name}.py" ]; then
      chosen+=("benchmarks/bench_${name}.py")
    else
      echo "No benchmark named ${name} (benchmarks/bench_${name}.py)." >&2
      exit 2
    fi
  done
  benches=("${chosen[@]}")
fi
if [ "${#benches[@]}" -eq 0 ]; then
  echo "No benchmarks found (benchmarks/bench_*.py)."
  exit 0
fi
failed=()
for bench in "${benches[@]}"; do
  echo "=== ${bench}"
  start=$(date +%s)
  if ! "$PY" "$bench"; then
    failed+=("$bench")
  fi
  echo "--- ${bench}: $(( $(date +%s) - start )) s"
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "Failed: ${failed[*]}" >&2
  exit 1
fi
