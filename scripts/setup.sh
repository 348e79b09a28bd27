#!/usr/bin/env bash
# Installs everything concur-bench needs to build, test and run, from Debian
# packages only (run as root on Debian 12). Safe to run again.
set -euo pipefail
packages=(
  cmake ninja-build g++ pkg-config git ca-certificates
  libbenchmark-dev libcli11-dev libfmt-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev
  libcurl4-openssl-dev libevent-dev libturbojpeg0-dev libpng-dev
  libxxhash-dev  # the downloads' checksum (XXH3)
  curl wrk python3
  clang libclang-rt-14-dev
  libtbb-dev
  libopenmpi-dev openmpi-bin
  linux-perf  # profiling the async model at scale (bench/README.md)
  help2man dpkg-dev file zsh fish
  gcovr
  libbenchmark-tools  # Google Benchmark's compare.py, which must read our JSON
  python3-scipy  # compare.py imports it; libbenchmark-tools does not depend on it
  debootstrap lintian  # scripts/fresh-machine.sh; the .deb's check
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "setup: all ${#packages[@]} packages present"
