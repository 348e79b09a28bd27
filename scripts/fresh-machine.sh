#!/usr/bin/env bash
# Proves the README on a new machine: debootstraps a minbase Debian 12 root
# from the archive this machine's apt already uses, clones the commit into
# it, and runs the README's two set-up commands there exactly as written
# (`all --quick` stands in for `all`). A package that scripts/setup.sh does
# not install fails here, with the header or library named, even when this
# machine happens to have it.
#
# Usage (as root): scripts/fresh-machine.sh [--run-only|--tests-only] [--keep] [COMMIT]
#   COMMIT        what to clone (default HEAD: uncommitted changes are not seen)
#   --run-only    only the first command (build and run `all --quick`)
#   --tests-only  only the second command (build and run the test suite)
#   --keep        leave the root in place for a look (it is removed otherwise)
#   --explain LOG only name what a failed build's LOG lacks, as CI would
#                 (no root, no root user needed); exit 1 if nothing is named
# Environment: FRESH_ROOT_PARENT (default /var/tmp), FRESH_APT_CACHE=DIR to
# keep the downloaded .deb files between runs (the root itself is new each run).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
commit=HEAD
explain_log=""
keep=0
run_first=1
run_tests=1
while (($#)); do
  case "$1" in
    --keep) keep=1 ;;
    --run-only) run_tests=0 ;;
    --tests-only) run_first=0 ;;
    --explain) explain_log="${2:?--explain needs a log file}"; shift ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fresh-machine: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) commit="$1" ;;
  esac
  shift
done

say() { printf 'fresh-machine: %s\n' "$*" >&2; }
die() { say "$1"; exit "${2:-1}"; }

# A build that stops on something only a package provides: name it, and the
# package that ships it on this machine if there is one.
explain_failure() {
  local what="$1" file="$2" found lib header pkg
  found=0
  while read -r header; do
    found=1
    pkg="$(dpkg -S "*/$header" 2>/dev/null | head -n1 | cut -d: -f1 || true)"
    say "MISSING HEADER <$header>: no package that scripts/setup.sh installs provides it${pkg:+ (on this machine it comes from '$pkg')}"
  done < <(grep -oE "fatal error: [^:]+: No such file or directory" "$file" |
    sed -E 's/fatal error: ([^:]+):.*/\1/' | sort -u)
  while read -r lib; do
    found=1
    pkg="$(dpkg -S "*/lib$lib.so" 2>/dev/null | head -n1 | cut -d: -f1 || true)"
    say "MISSING LIBRARY -l$lib: no package that scripts/setup.sh installs provides it${pkg:+ (on this machine it comes from '$pkg')}"
  done < <(grep -oE "cannot find -l[A-Za-z0-9_+.-]+" "$file" | sed 's/cannot find -l//' | sort -u)
  # pkg-config modules (pkg_check_modules): the .pc file names the package.
  while read -r module; do
    found=1
    pkg="$(dpkg -S "*/pkgconfig/$module.pc" 2>/dev/null | head -n1 | cut -d: -f1 || true)"
    say "MISSING PKG-CONFIG MODULE $module: no package that scripts/setup.sh installs provides it${pkg:+ (on this machine it comes from '$pkg')}"
  done < <(grep -oE "Package '[^']+', required by '[^']+', not found|No package '[^']+' found|None of the required '[^']+' found" "$file" |
    sed -E "s/^[^']*'([^']+)'.*/\1/" | tr ' ' '\n' | grep -v '^$' | sort -u)
  while read -r lib; do
    found=1
    say "MISSING CMAKE PACKAGE: $lib (add its -dev package to scripts/setup.sh)"
  done < <(grep -oE "Could NOT find [A-Za-z0-9_]+|Could not find a package configuration file provided by \"[^\"]+\"" "$file" |
    sed -E 's/^Could NOT find //; s/.*provided by "([^"]+)"/\1/' | sort -u)
  while read -r tool; do
    found=1
    say "MISSING PROGRAM: $tool (add its package to scripts/setup.sh)"
  done < <(grep -oE "(bash: |env: )?'?[A-Za-z0-9_.+-]+'?: (command )?not found" "$file" | sort -u)
  ((found)) && return 0
  say "$what failed: the last lines of its output are above"
  return 1
}

if [[ -n "$explain_log" ]]; then
  [[ -r "$explain_log" ]] || die "cannot read '$explain_log'" 2
  explain_failure build "$explain_log"
  exit
fi

((EUID == 0)) || die "must run as root (debootstrap, chroot and mounts need it)" 2
sha="$(git -C "$repo" rev-parse --verify --quiet "${commit}^{commit}")" ||
  die "'$commit' is not a commit of $repo" 2
if ! command -v debootstrap >/dev/null; then
  say "installing debootstrap (scripts/setup.sh lists it too)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi

# The README's commands, read from the README of the commit under test, so
# that this check can never drift from what a newcomer copies.
readme_commands() {
  git -C "$repo" show "$sha:README.md" |
    awk '/^## Set up/{in_setup=1; next} /^## /{in_setup=0}
         in_setup && /^```sh/{grab=1; next} grab && /^```/{grab=0; next} grab{print}'
}
mapfile -t commands < <(readme_commands)
((${#commands[@]} >= 2)) || die "README.md has no two set-up commands under '## Set up'"
first_command="${commands[0]}"
test_command="${commands[1]}"
[[ "$first_command" == *" all" ]] ||
  die "the README's first command does not end in 'all': $first_command"
first_command="${first_command} --quick"

# Where this machine's apt takes Debian from: the first bookworm main source.
mirror="$(apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 2>/dev/null |
  awk '$2 == "bookworm" && $3 == "main" {print $1; exit}')"
[[ -n "$mirror" ]] || die "this machine's apt has no Debian 12 (bookworm) main source to debootstrap from"

work="$(mktemp -d "${FRESH_ROOT_PARENT:-/var/tmp}/concur-fresh.XXXXXX")"
root=""
mounted=()
unmount_all() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount -R "${mounted[i]}" 2>/dev/null || umount -R -l "${mounted[i]}" 2>/dev/null || true
  done
  mounted=()
}
# Removes a root unless something is still mounted in it (then rm could
# reach this machine's /dev or /sys through the bind mounts).
remove_root() {
  [[ -n "$root" && -d "$root" ]] || return 0
  if findmnt -R -n -o TARGET "$root" >/dev/null 2>&1; then
    say "something is still mounted under $root; not removing it"
    return 1
  fi
  rm -rf --one-file-system "$root"
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  unmount_all
  if ((keep)); then
    say "root kept at $root (remove: rm -rf --one-file-system $work)"
  elif remove_root; then
    rm -rf --one-file-system "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

mount_into() {  # mount_into SOURCE TARGET [options]
  local source="$1" target="$root$2"
  shift 2
  mkdir -p "$target"
  mount "$@" "$source" "$target"
  mounted+=("$target")
}

stage() { say "$(date -u +%H:%M:%S) $*"; }
seconds_since() { echo $(($(date +%s) - $1)); }

cache_args=()
if [[ -n "${FRESH_APT_CACHE:-}" ]]; then
  mkdir -p "$FRESH_APT_CACHE"
  FRESH_APT_CACHE="$(cd "$FRESH_APT_CACHE" && pwd)"
  cache_args=(--cache-dir="$FRESH_APT_CACHE")
fi
checkout=/root/concur-bench

# A new minbase Debian 12 root at $work/NAME, with /proc, /sys and /dev,
# this machine's apt sources and name server (nothing else of this
# machine's), and a clone of the commit under test.
make_root() {
  root="$work/$1"
  local t0 log="$work/$1.debootstrap.log"
  t0=$(date +%s)
  stage "debootstrap --variant=minbase bookworm from $mirror into $root"
  if ! debootstrap --variant=minbase "${cache_args[@]}" bookworm "$root" "$mirror" >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    die "debootstrap failed (log above)"
  fi
  stage "root made in $(seconds_since "$t0") s"
  rm -f "$root/etc/apt/sources.list"
  cp -a /etc/apt/sources.list "$root/etc/apt/" 2>/dev/null || true
  find /etc/apt/sources.list.d -maxdepth 1 \( -name '*.list' -o -name '*.sources' \) \
    -exec cp -a {} "$root/etc/apt/sources.list.d/" \;
  cp -L /etc/resolv.conf "$root/etc/resolv.conf"
  mount_into proc /proc -t proc
  mount_into /sys /sys --rbind
  mount --make-rslave "$root/sys"
  mount_into /dev /dev --rbind
  mount --make-rslave "$root/dev"
  if [[ -n "${FRESH_APT_CACHE:-}" ]]; then
    mount_into "$FRESH_APT_CACHE" /var/cache/apt/archives --bind
  fi
  stage "cloning $sha"
  git clone -q --no-hardlinks "$repo" "$root$checkout"
  git -C "$root$checkout" checkout -q --detach "$sha"
}

# Runs one README command in the root, as a newcomer would: a login shell
# as root in the fresh clone, no compiler cache, no inherited environment.
in_root() {
  chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    CCACHE_DISABLE=1 CI="${CI:-}" \
    /bin/bash -c "cd $checkout && $1"
}


run_stage() {  # run_stage NAME COMMAND
  local name="$1" command="$2" t0 out="$work/$1.out"
  t0=$(date +%s)
  stage "$name: $command"
  if ! in_root "$command" 2>&1 | tee "$out"; then
    explain_failure "$name" "$out" || true
    die "$name failed on a fresh Debian 12 root after $(seconds_since "$t0") s: $command"
  fi
  stage "$name passed in $(seconds_since "$t0") s"
}

# Each command on a machine of its own, as a newcomer may run either one
# first: each root is made, used and removed before the next.
fresh_run() {  # fresh_run NAME COMMAND
  make_root "$1"
  run_stage "$1" "$2"
  unmount_all
  ((keep)) || remove_root
}
started=$(date +%s)
((run_first)) && fresh_run first-command "$first_command"
((run_tests)) && fresh_run test-command "$test_command"
stage "all done in $(seconds_since "$started") s on fresh Debian 12 roots"
