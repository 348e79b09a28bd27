#!/usr/bin/env bash
# Builds and runs the whole test suite three times: release, then under
# AddressSanitizer + UndefinedBehaviorSanitizer, then ThreadSanitizer. Each
# is a CMake workflow preset (configure, build, test: CMakePresets.json).
# Usage: scripts/test.sh [preset...]   (default: release asan-ubsan tsan)
set -euo pipefail
cd "$(dirname "$0")/.."
presets=("$@")
((${#presets[@]})) || presets=(release asan-ubsan tsan)
export CTEST_PARALLEL_LEVEL="${CTEST_PARALLEL_LEVEL:-$(nproc)}"
suite_start=$SECONDS
for preset in "${presets[@]}"; do
  echo "=== ${preset}"
  stage_start=$SECONDS
  cmake --workflow --preset "$preset"
  echo "=== ${preset}: configure, build and tests passed in $((SECONDS - stage_start)) s"
done
echo "=== all ${#presets[@]} stages passed in $((SECONDS - suite_start)) s"
