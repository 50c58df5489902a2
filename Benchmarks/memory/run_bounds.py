#!/usr/bin/env python3
"""Peak memory of `triage analyze --format json` on inputs built to make memory grow with the lines.

Usage: Benchmarks/memory/run_bounds.py [--lines 1000000] [--triage .build/release/triage] [--workdir /tmp/triage-bounds]

Each input repeats one statement, but with something new on every line that a careless engine keeps:
- identifiers the masks leave (`ORD-2Q5XAZSE`), new on every line (the miner's token tables);
- a syslog tag that changes every line (one miner per source);
- a `kubectl logs --prefix` pod name that changes every line (one inner stream per container).
For each input it times triage at --lines and at a third of that (same generator, same seed), so a
peak RSS that grows with the lines shows. Prints a Markdown table.
"""
import argparse
import os
import random
import re
import string
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def unique_ids(n, out):
    rng = random.Random(1)
    alphabet = string.ascii_uppercase + string.digits
    for i in range(n):
        oid = "".join(rng.choice(alphabet) for _ in range(8))
        out.write(f"2026-03-02 00:00:{i % 60:02d},005 INFO  [main] c.a.OrderService - Loaded order ORD-{oid} from postgres in {i % 97}ms\n")


def syslog_tags(n, out):
    for i in range(n):
        out.write(f"Mar  2 00:00:{i % 60:02d} host-1 app{i}[{i % 999}]: request handled in {i % 97}ms\n")


def pod_prefixes(n, out):
    for i in range(n):
        out.write(f"[pod/checkout-{i:06x}/app] 2026-03-02T10:15:{i % 60:02d}Z INFO request handled in {i % 97}ms\n")


INPUTS = [
    ("unmasked identifier on every line", "ids", unique_ids),
    ("syslog tag new on every line", "tags", syslog_tags),
    ("kubectl pod prefix new on every line", "pods", pod_prefixes),
]


def timed(cmd):
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t, tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", "-o", t.name] + cmd, stdout=out, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        text = open(t.name).read()
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return wall, rss, p.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--triage", default=os.path.join(ROOT, ".build", "release", "triage"))
    ap.add_argument("--workdir", default="/tmp/triage-bounds")
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    print("| input | lines | MB | wall | peak RSS |")
    print("|---|---:|---:|---:|---:|")
    for title, name, gen in INPUTS:
        for n in (a.lines // 3, a.lines):
            path = os.path.join(a.workdir, f"{name}-{n}.log")
            if not os.path.exists(path):
                with open(path, "w") as f:
                    gen(n, f)
            subprocess.run(["cat", path], stdout=subprocess.DEVNULL, check=True)
            wall, rss, status = timed([a.triage, "analyze", "--format", "json", "--no-progress", path])
            mark = "" if status == 0 else f" (exit {status})"
            print(f"| {title} | {n:,} | {os.path.getsize(path) / 1e6:.0f} | {wall:.2f} s{mark} | {rss / 1024:.0f} MB |")


if __name__ == "__main__":
    main()
