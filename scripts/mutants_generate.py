#!/usr/bin/env python3
"""Generates mutants for scripts/mutants.sh: every binary comparison, logical
operator, + and -, and boolean literal in the given C++ files, each flipped
once, as lines of the mutants.txt format:

    name | file | sed script | @unit

(or "@equivalent WHY" for a mutant scripts/mutants_equivalent.txt names: it
changes nothing a test could see, and mutants.sh lists it outside the score).

Only operators written with a space on each side are taken: in this code
(clang-format) that is every binary operator and never a template's angle
bracket, an include, or a unary minus. Occurrences inside string literals and
comments are left alone. `--sample N --seed S` picks N of them at random (the
same N for the same seed and tree), so a run fits the time there is.
"""
import argparse
import random
import re
import sys

# What each operator becomes: the mutation a reviewer would write first.
FLIPS = {
    " < ": " <= ",
    " <= ": " < ",
    " > ": " >= ",
    " >= ": " > ",
    " == ": " != ",
    " != ": " == ",
    " && ": " || ",
    " || ": " && ",
    " + ": " - ",
    " - ": " + ",
}
BOOLEANS = {"true": "false", "false": "true"}


def code_spans(line):
    """The parts of `line` outside string/char literals and // comments,
    as (start, end) index pairs."""
    spans, start, i, quote = [], 0, 0, None
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote, start = None, i + 1
        elif c in "\"'":
            spans.append((start, i))
            quote = c
        elif line.startswith("//", i):
            spans.append((start, i))
            return spans
        i += 1
    if not quote:
        spans.append((start, len(line)))
    return spans


def in_code(spans, begin, end):
    return any(s <= begin and end <= e for s, e in spans)


def sed_pattern(text):
    return text.replace("\\", "\\\\")


def sed_replacement(text):
    return text.replace("\\", "\\\\").replace("&", "\\&")


def mutants_of(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    in_block_comment = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if in_block_comment:
            in_block_comment = "*/" not in stripped
            continue
        if stripped.startswith("/*"):
            in_block_comment = "*/" not in stripped
            continue
        if not stripped or stripped.startswith(("//", "#", "*", "static_assert")) or "@" in line:
            continue
        spans = code_spans(line)
        for old, new in FLIPS.items():
            for k, m in enumerate(re.finditer(re.escape(old), line), start=1):
                if in_code(spans, m.start(), m.end()):
                    yield number, old.strip(), new.strip(), f"{number}s@{sed_pattern(old)}@{sed_replacement(new)}@{k}"
        for old, new in BOOLEANS.items():
            for k, m in enumerate(re.finditer(rf"\b{old}\b", line), start=1):
                if in_code(spans, m.start(), m.end()):
                    yield number, old, new, f"{number}s@\\b{old}\\b@{new}@{k}"


def equivalents(path):
    """(file, trimmed line, operator) -> why the flip changes nothing, from
    scripts/mutants_equivalent.txt."""
    known = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip() or line.startswith("#"):
                    continue
                fields = line.rstrip("\n").split(" | ")
                if len(fields) != 4:
                    sys.exit(f"{path}: expected 'file | line | operator | why': {line.strip()}")
                known[(fields[0], fields[1].strip(), fields[2].strip())] = fields[3].strip()
    except FileNotFoundError:
        pass
    return known


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", help="C++ files, relative to the source tree")
    parser.add_argument("--sample", type=int, default=0, help="pick this many at random (0: all)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--equivalents", default="scripts/mutants_equivalent.txt",
                        help="known equivalent mutants, listed apart (default: %(default)s)")
    args = parser.parse_args()
    known = equivalents(args.equivalents)
    found = []
    for path in args.files:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for number, old, new, script in mutants_of(path):
            why = known.get((path, lines[number - 1].strip(), old))
            # "@equivalent" instead of the tests: mutants.sh lists it with its reason, unbuilt.
            tests = f"@equivalent {why}" if why else "@unit"
            found.append(f"gen:{path}:{number}:{old}->{new} | {path} | {script} | {tests}")
    if args.sample and args.sample < len(found):
        found = random.Random(args.seed).sample(found, args.sample)
        found.sort(key=lambda line: (line.split(":")[1], int(line.split(":")[2])))
    print(f"# {len(found)} generated mutants", file=sys.stderr)
    for line in found:
        print(line)


if __name__ == "__main__":
    main()
