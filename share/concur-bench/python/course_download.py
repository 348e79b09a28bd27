"""The course's download experiment in real CPython, for `concur-bench course`.

Downloads N images from a server (concur-bench's embedded one), one after
another or one thread per image, and prints one JSON line:
{"seconds": [...], "bytes": N, "version": "3.11.7"}.
"""
import argparse
import json
import sys
import threading
import time
import urllib.request


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as reply:
        return len(reply.read())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["sequential", "threads"], required=True)
    parser.add_argument("--url", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--images", type=int, default=10)
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()
    urls = [f"{args.url}/400/200/sports?i={i}" for i in range(args.images)]
    seconds, total = [], 0
    for _ in range(args.repetitions):
        sizes = [0] * len(urls)
        start = time.perf_counter()
        if args.mode == "sequential":
            sizes = [fetch(u) for u in urls]
        else:
            def work(slot):
                sizes[slot] = fetch(urls[slot])
            threads = [threading.Thread(target=work, args=(k,)) for k in range(len(urls))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        seconds.append(time.perf_counter() - start)
        if 0 in sizes:
            sys.exit("an image came back empty")
        total = sum(sizes)
    print(json.dumps({"seconds": seconds, "bytes": total, "version": sys.version.split()[0]}))


if __name__ == "__main__":
    main()
