#!/usr/bin/env bash
# scripts/mutants_generate.py: each binary operator and boolean of the code
# is flipped once, by a sed script that changes exactly that occurrence;
# strings, comments, includes and template brackets are left alone.
set -euo pipefail
generator="$1/scripts/mutants_generate.py"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cd "$dir"
cat >fixture.cpp <<'CPP'
#include <vector>
// a < b in a comment
bool f(int a, int b, std::vector<int> v) {
  if (a < b && v.size() > 2) return a + b == 3;  // x == y
  const char* s = "a < b || c";
  return false;
}
CPP
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
python3 "$generator" fixture.cpp >list.txt 2>/dev/null
count=$(wc -l <list.txt)
# line 4: <, &&, >, +, == ; line 6: false. Nothing from lines 1, 2, 3, 5.
((count == 6)) || fail "expected 6 mutants, got $count: $(cat list.txt)"
grep -qE ':(1|2|3|5):' list.txt && fail "a mutant in an include, comment, template or string: $(cat list.txt)"
while IFS= read -r line; do
  script=$(awk -F' [|] ' '{print $3}' <<<"$line")
  cp fixture.cpp mutant.cpp
  sed -i -e "$script" mutant.cpp
  changed=$(diff fixture.cpp mutant.cpp | grep -c '^>' || true)
  ((changed == 1)) || fail "'$script' changed $changed lines"
done <list.txt
# Each flip really is the flip: spot-check two.
cp fixture.cpp m.cpp && sed -i -e "$(grep ':4:&&->||' list.txt | awk -F' [|] ' '{print $3}')" m.cpp
grep -qF 'if (a < b || v.size() > 2)' m.cpp || fail "&& did not become ||: $(sed -n 4p m.cpp)"
cp fixture.cpp m.cpp && sed -i -e "$(grep ':4:==->!=' list.txt | awk -F' [|] ' '{print $3}')" m.cpp
grep -qF 'return a + b != 3;  // x == y' m.cpp || fail "== in code (not comment) did not become !=: $(sed -n 4p m.cpp)"
# The sample is a seeded choice: the same seed, the same mutants.
a=$(python3 "$generator" --sample 3 --seed 7 fixture.cpp 2>/dev/null)
b=$(python3 "$generator" --sample 3 --seed 7 fixture.cpp 2>/dev/null)
[[ "$a" == "$b" && $(wc -l <<<"$a") -eq 3 ]] || fail "--sample 3 --seed 7 is not a stable 3: $a / $b"
# A known equivalent (file, the line's code, the operator, why) is marked,
# not judged; the other operators of the same line still are.
printf '# comment\nfixture.cpp | if (a < b && v.size() > 2) return a + b == 3;  // x == y | < | the reason\n' >equivalent.txt
python3 "$generator" --equivalents equivalent.txt fixture.cpp >marked.txt 2>/dev/null
grep -qF ':4:<-><= | fixture.cpp | 4s@ < @ <= @1 | @equivalent the reason' marked.txt ||
  fail "the equivalent '<' of line 4 is not marked: $(grep ':4:<' marked.txt)"
(($(grep -c '@equivalent' marked.txt) == 1)) || fail "more than the one equivalent marked: $(cat marked.txt)"
printf 'fixture.cpp | only three fields\n' >broken.txt
python3 "$generator" --equivalents broken.txt fixture.cpp >/dev/null 2>&1 && fail "a malformed equivalents line was accepted"
((fails == 0)) && echo "mutants_generate: all cases hold"
exit $((fails > 0))
