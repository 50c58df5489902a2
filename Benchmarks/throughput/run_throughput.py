#!/usr/bin/env python3
"""Throughput of `triage analyze --format json` on generated logs, with peers measured in the same run.

Usage: Benchmarks/throughput/run_throughput.py [--sizes 100MiB,400MiB,1GiB,4GiB] [--peers-at 1GiB]
                                              [--triage .build/release/triage] [--workdir /tmp/triage-bench]
                                              [--no-peers] [--repeat 3] [--format mixed|json|logfmt|log4j|nginx|syslog]
For each size: generates the input once (Benchmarks/throughput/generate_logs.py, mixed formats), reads
it once so it is in the page cache (every timed run is warm: the machine's disk, ~110 MB/s here, would
otherwise be what is measured), then times with /usr/bin/time -v: triage analyze --format json, --repeat
times (default 3), reporting the median run's wall time, user CPU and peak RSS. On the --peers-at size (default: 1 GiB if
among the sizes, else the largest) it also times triage on one thread (TRIAGE_THREADS=1), `wc -l`,
`grep -c ''`, `lnav -n` (Debian's lnav 0.11, if installed: counts the lines of its all_logs table) and
Drain3 (PyPI) on a 200,000-line slice. Prints Markdown tables.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def parse_size(s):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMG]i?B)?", s.strip())
    mult = {"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "KB": 10**3, "MB": 10**6, "GB": 10**9, None: 1}[m.group(2)]
    return int(float(m.group(1)) * mult)


def timed(cmd, stdin=None, env=None):
    """(wall seconds, max RSS KB, exit status, user CPU seconds) from /usr/bin/time -v. Output goes
    to a real file: GNU grep stops at the first match when its output is /dev/null."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t, tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", "-o", t.name] + cmd, stdout=out, stdin=stdin, stderr=subprocess.DEVNULL,
                           env=env)
        wall = time.perf_counter() - start
        text = open(t.name).read()
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", text).group(1))
    return wall, rss, p.returncode, user


def warm(path):
    """Reads the file once so the timed run finds it in the page cache."""
    subprocess.run(["cat", path], stdout=subprocess.DEVNULL, check=True)


def median_run(cmd, path, repeat, env=None):
    """The median (by wall time) of `repeat` warm runs: (wall, rss, status, user)."""
    runs = []
    for _ in range(repeat):
        warm(path)
        runs.append(timed(cmd, env=env))
    runs.sort(key=lambda r: r[0])
    return runs[len(runs) // 2]


def lines_of(path):
    out = subprocess.run(["wc", "-l", path], capture_output=True, text=True).stdout
    return int(out.split()[0])


def drain3_rate(path, n_lines):
    try:
        import drain3  # noqa: F401
    except ImportError:
        return None
    code = f"""
import time, logging, itertools
logging.disable(logging.CRITICAL)
from drain3 import TemplateMiner
from drain3.template_miner_config import TemplateMinerConfig
c = TemplateMinerConfig(); c.profiling_enabled = False
m = TemplateMiner(config=c)
lines = list(itertools.islice(open({path!r}, errors='replace'), {n_lines}))
t = time.perf_counter()
for l in lines: m.add_log_message(l.rstrip('\\n'))
print(len(lines) / (time.perf_counter() - t))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return float(out.stdout.strip()) if out.returncode == 0 else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100MiB,400MiB,1GiB,4GiB")
    ap.add_argument("--peers-at", default="1GiB", help="size the peers run on (must be one of --sizes)")
    ap.add_argument("--triage", default=os.path.join(ROOT, ".build", "release", "triage"))
    ap.add_argument("--workdir", default="/tmp/triage-bench")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of triage per size (the median is shown)")
    ap.add_argument("--format", default="mixed", choices=["mixed", "json", "logfmt", "log4j", "nginx", "syslog"],
                    help="what the generator writes (default: all five interleaved)")
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    sizes = [parse_size(s) for s in a.sizes.split(",")]
    rows = []
    for size in sizes:
        path = os.path.join(a.workdir, f"{a.format}-{size}.log")
        if not os.path.exists(path) or os.path.getsize(path) < size * 0.99:
            subprocess.run([sys.executable, os.path.join(HERE, "generate_logs.py"), "--size", str(size), "--out", path, "--seed", "1",
                            "--format", a.format],
                           check=True, stderr=subprocess.DEVNULL)
        n = lines_of(path)
        b = os.path.getsize(path)
        wall, rss, status, user = median_run([a.triage, "analyze", "--format", "json", "--no-progress", path], path, a.repeat)
        rows.append((b, n, wall, rss, status, user))
    print(f"### triage analyze --format json (generated {a.format} logs)\n")
    print("| input | lines | wall | user CPU | MB/s | lines/s | peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for b, n, wall, rss, status, user in rows:
        print(f"| {b / (1 << 20):,.0f} MiB | {n:,} | {wall:.2f} s | {user:.2f} s | {b / 1e6 / wall:,.0f} | {n / wall:,.0f} | {rss / 1024:,.0f} MB |"
              + ("" if status == 0 else f" (exit {status})"))
    if a.no_peers:
        return 0
    peer_size = parse_size(a.peers_at)
    at = sizes.index(peer_size) if peer_size in sizes else len(sizes) - 1
    b, n, wall, rss, _, user = rows[at]
    path = os.path.join(a.workdir, f"{a.format}-{sizes[at]}.log")
    print(f"\n### Peers on the {b / (1 << 20):,.0f} MiB input, same run\n")
    print("| tool | wall | lines/s | peak RSS | triage's speed relative to it |")
    print("|---|---:|---:|---:|---:|")
    print(f"| triage analyze --format json | {wall:.2f} s | {n / wall:,.0f} | {rss / 1024:,.0f} MB | 1× |")
    w, r, _, _ = median_run([a.triage, "analyze", "--format", "json", "--no-progress", path], path, a.repeat,
                            env=dict(os.environ, TRIAGE_THREADS="1"))
    print(f"| triage on one thread (TRIAGE_THREADS=1) | {w:.2f} s | {n / w:,.0f} | {r / 1024:,.0f} MB | {w / wall:.2f}× |")
    for name, cmd in [("wc -l", ["wc", "-l", path]), ("grep -c ''", ["grep", "-c", "", path])]:
        w, r, _, _ = median_run(cmd, path, a.repeat)
        print(f"| {name} (newline scan) | {w:.2f} s | {n / w:,.0f} | {r / 1024:,.0f} MB | {w / wall:.3f}× |")
    if subprocess.run(["which", "lnav"], capture_output=True).returncode == 0:
        warm(path)
        w, r, _, _ = timed(["lnav", "-n", "-c", ";SELECT count(*) FROM all_logs", path])
        print(f"| lnav 0.11 -n (index + count, no clustering) | {w:.2f} s | {n / w:,.0f} | {r / 1024:,.0f} MB | {w / wall:.2f}× |")
    rate = drain3_rate(path, 200_000)
    if rate:
        print(f"| Drain3 0.9.11 (200,000-line slice, defaults) | — | {rate:,.0f} | — | {n / wall / rate:.1f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
