#!/usr/bin/env python3
"""Prints, from concur-bench JSON reports, the mechanism per model on the
workloads that show it best: cores used, work inflation, the share of time
waiting for a CPU and the share of the CPUs other programs took, side by
side for each file (e.g. a quiet run and one with CPU hogs beside it), then
each file's verdicts.
Usage: bench/mechanism_table.py quiet.json busy.json [workload,...]"""
import json
import sys

files = [a for a in sys.argv[1:] if a.endswith(".json")]
rest = [a for a in sys.argv[1:] if not a.endswith(".json")]
workloads = rest[0].split(",") if rest else ["primes", "factorise", "contention_mutex", "download", "stream"]
runs = [json.load(open(f)) for f in files]


def value(estimate):
    return "-" if estimate is None else f"{estimate['value']:.2f}"


def share(x):
    return "n/m" if x is None else f"{100 * x:.0f}%"


by_name = []
for run in runs:
    cells = {c["name"]: c for c in run["analysis"]["cells"]}
    by_name.append(cells)
    print(f"# {run['context']['command_line']}: load {run['context']['load_avg'][0]}")
header = "cell".ljust(38) + "".join(f"| cores  infl.  cpu-wait  others ({i + 1}) " for i in range(len(runs)))
print(header)
for name in runs[0]["analysis"]["cells"]:
    n = name["name"]
    if n.split("/")[0] not in workloads:
        continue
    row = n.ljust(38)
    for cells in by_name:
        c = cells.get(n)
        row += "| " + ("-" if c is None else f"{value(c['cores_used']):>5}  {value(c['work_inflation']):>5}  {share(c['run_delay_share']):>8}  {share(c.get('others_cpu_share')):>6}") + "     "
    print(row)
for i, run in enumerate(runs):
    print(f"\nverdicts ({i + 1}):")
    for v in run["analysis"]["verdicts"]:
        print(f"  [{v['kind']}] {v['text']}")
