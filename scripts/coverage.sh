#!/usr/bin/env bash
# Line coverage of the test suite: builds the `coverage` preset (Debug,
# --coverage, no CUDA), runs every test, then gcovr reports src/core,
# src/report and src/models (and the rest of src/ below them).
#   scripts/coverage.sh            the whole suite
#   scripts/coverage.sh -L unit    only the tests labelled unit (any ctest arguments)
# Writes build/coverage/coverage.txt (per file: lines, covered, %, missing
# line numbers) and build/coverage/html/index.html (each file, line by line).
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/coverage
cmake --preset coverage >/dev/null
cmake --build --preset coverage
find "$build" -name '*.gcda' -delete  # counts from an earlier run would add up
ctest --preset coverage "$@" || echo "coverage: some tests failed; the figures below still count what ran"
mkdir -p "$build/html"
gcovr --root . --object-directory "$build" --filter src/ --exclude 'src/.*\.cu$' \
  --txt "$build/coverage.txt" --html-details "$build/html/index.html" --json-summary "$build/summary.json"
python3 - "$build/summary.json" <<'PY'
import json, sys
files = json.load(open(sys.argv[1]))["files"]
for layer in ("core", "report", "models", "workloads", "cli", "course"):
    mine = [f for f in files if f["filename"].startswith(f"src/{layer}/")]
    total = sum(f["line_total"] for f in mine)
    covered = sum(f["line_covered"] for f in mine)
    if total:
        print(f"src/{layer:<10} {covered:5d} of {total:5d} lines  {100 * covered / total:5.1f}%")
PY
echo "coverage: per file in $build/coverage.txt, line by line in $build/html/index.html"
