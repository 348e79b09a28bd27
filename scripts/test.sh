#!/usr/bin/env bash
# Builds and runs the whole test suite three times: release, then under
# AddressSanitizer + UndefinedBehaviorSanitizer, then ThreadSanitizer.
# Usage: scripts/test.sh [preset...]   (default: release asan-ubsan tsan)
set -euo pipefail
cd "$(dirname "$0")/.."
presets=("$@")
((${#presets[@]})) || presets=(release asan-ubsan tsan)
jobs=$(nproc)
for preset in "${presets[@]}"; do
  echo "=== ${preset}: configure, build, test"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  ctest --preset "$preset" -j "$jobs" --timeout 600
done
