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
for preset in "${presets[@]}"; do
  echo "=== ${preset}"
  cmake --workflow --preset "$preset"
done
