"""The course's CPU-bound experiment in real CPython, for `concur-bench course`.

Factorises the same integers as concur-bench's `factorise` workload (SplitMix64
of (seed, index), drawn from [20,000, 100,000,000]) by trial division, one
thread, several threads, or a multiprocessing.Pool, and prints one JSON line:
{"seconds": [...], "cpu_seconds": [...], "checksum": N, "version": "3.11.7",
"gil": true}. cpu_seconds is this process's own CPU time (Pool workers not
included), so the caller can tell a starved run from a slow one.
"""
import argparse
import json
import multiprocessing
import sys
import threading
import time

MASK = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15
LOW, HIGH = 20_000, 100_000_000


def splitmix64(seed, index):
    z = (seed + (index + 1) * GOLDEN_GAMMA) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def prime_factors(n):
    factors = []
    while n % 2 == 0:
        factors.append(2)
        n //= 2
    d = 3
    while d * d <= n:
        while n % d == 0:
            factors.append(d)
            n //= d
        d += 2
    if n > 1:
        factors.append(n)
    return factors


def checksum_of(seed, first, last):
    total = 0
    for i in range(first, last):
        n = LOW + splitmix64(seed, i) % (HIGH - LOW + 1)
        factors = prime_factors(n)
        total = (total + sum(factors) + len(factors) * GOLDEN_GAMMA) & MASK
    return total


def chunks(count, workers):
    bounds = [count * k // workers for k in range(workers + 1)]
    return list(zip(bounds[:-1], bounds[1:]))


def run_threads(seed, count, workers):
    results = [0] * workers

    def work(slot, first, last):
        results[slot] = checksum_of(seed, first, last)

    threads = [threading.Thread(target=work, args=(k, a, b)) for k, (a, b) in enumerate(chunks(count, workers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(results) & MASK


def pool_task(job):
    return checksum_of(*job)


def run_pool(seed, count, workers):
    with multiprocessing.Pool(workers) as pool:
        return sum(pool.map(pool_task, [(seed, a, b) for a, b in chunks(count, workers)])) & MASK


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["sequential", "threads", "pool"], required=True)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=10)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()
    seconds, cpu_seconds, checksum = [], [], 0
    for _ in range(args.repetitions):
        start, cpu_start = time.perf_counter(), time.process_time()
        if args.mode == "sequential":
            checksum = checksum_of(args.seed, 0, args.count)
        elif args.mode == "threads":
            checksum = run_threads(args.seed, args.count, args.workers)
        else:
            checksum = run_pool(args.seed, args.count, args.workers)
        seconds.append(time.perf_counter() - start)
        cpu_seconds.append(time.process_time() - cpu_start)
    gil = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "checksum": checksum, "version": sys.version.split()[0], "gil": gil}))


if __name__ == "__main__":
    main()
