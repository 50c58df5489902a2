#!/usr/bin/env python3
"""Feeds triage damaged logs and checks that it neither crashes, hangs nor trips a sanitizer.

Takes the format fixtures and samplelogs/, damages lines (bytes flipped, cut, duplicated; quotes,
brackets, backslashes, NULs and invalid UTF-8 put in), mixes files, and runs `analyze` (JSON and
Markdown, with random time windows, baselines, levels and a damaged deploy file), `templates` and
`grep` on each result. Meant for a binary built with AddressSanitizer, whose leak check runs at exit:

    swift build --sanitize=address --scratch-path /tmp/build-asan
    Scripts/fuzz_inputs.py --triage /tmp/build-asan/debug/triage --files 200

A failing input is kept under --workdir as fNNN.log.bad with the command and the report printed.
Exit status 1 when anything failed.
"""
import argparse
import glob
import os
import random
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SPECIAL = [b'"', b"\\", b"[", b"]", b"{", b"}", b"=", b":", b"<", b">", b"\x00", b"\xff", b"\xc3", b"\t",
           b" ", b"0x", b"-", b".", b"/", b"@", b"%", b"\r", b"9" * 30, b"\\u00", b'\\"']


def mutate(line: bytes, rng: random.Random) -> bytes:
    b = bytearray(line)
    for _ in range(rng.randint(0, 4)):
        if not b:
            b += rng.choice(SPECIAL)
            continue
        p = rng.randrange(len(b) + 1)
        op = rng.random()
        if op < 0.3:
            b[p:p] = rng.choice(SPECIAL)
        elif op < 0.5 and p < len(b):
            b[p] = rng.randrange(256)
        elif op < 0.7:
            del b[p:p + rng.randint(1, 10)]
        elif op < 0.8:
            del b[p:]
        elif op < 0.9:
            b[p:p] = b[:rng.randint(0, len(b))]
        else:
            b[p:p] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 20)))
    return bytes(b)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triage", default=os.path.join(ROOT, ".build/debug/triage"))
    ap.add_argument("--files", type=int, default=100, help="damaged files to try")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", default="/tmp/triage-fuzz")
    ap.add_argument("--timeout", type=int, default=60, help="seconds per command before it counts as a hang")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    sources = sorted(f for f in glob.glob(os.path.join(ROOT, "Tests/TriageCoreTests/Fixtures/formats/*"))
                     + glob.glob(os.path.join(ROOT, "samplelogs/*.log")) if os.path.isfile(f))
    lines = [open(f, "rb").read().split(b"\n")[:300] for f in sources]
    os.makedirs(args.workdir, exist_ok=True)
    # (No backtrace on a crash: symbolising one in a sanitizer build can outlast the timeout.)
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1", SWIFT_BACKTRACE="enable=no")
    deploys = open(os.path.join(ROOT, "samplelogs/deploys.jsonl"), "rb").read().split(b"\n")

    def some_time() -> str:
        return rng.choice(["2000-01-01T00:00:00Z", "2026-03-02T10:00:00Z", "2026-03-02T09:30:12Z", "2099-12-31T23:59:59Z",
                           "1970-01-01T00:00:00Z", "2h", "15m", "2026-03-02 10:15", "2026-03-02T10:44:52.999Z"])

    def options() -> list:
        opts = []
        if rng.random() < 0.3:
            opts += ["--since", some_time()]
        if rng.random() < 0.3:
            opts += ["--until", some_time()]
        if rng.random() < 0.3:
            opts += ["--baseline-until", some_time()]
        elif rng.random() < 0.2:
            opts += ["--compare", "2026-03-02T09:00:00Z..2026-03-02T10:00:00Z", "2026-03-02T10:00:00Z..2026-03-02T11:00:00Z"]
        if rng.random() < 0.2:
            opts += ["--level", rng.choice(["warn", "error", "trace", "fatal"])]
        if rng.random() < 0.2:
            opts += ["--top", str(rng.randint(0, 5))]
        if rng.random() < 0.4:
            opts += ["--deploys", deploy_path]
        return opts + filters()

    def filters() -> list:
        """Options every command shares, and some of analyze's own, with odd values."""
        opts = []
        if rng.random() < 0.15:
            opts += ["--match", rng.choice(["a", "(?i)error", "\\d+", "^$", "x*", "[", "(a|b)+$"])]
        if rng.random() < 0.15:
            opts += ["--exclude", rng.choice(["healthz", ".", "\\s", "(?:)"])]
        if rng.random() < 0.1:
            opts += ["--source", rng.choice(["*", "pay*", "", "[", "?"])]
        if rng.random() < 0.1:
            opts += ["--max-templates", str(rng.choice([0, 1, 2, 5]))]
        if rng.random() < 0.1:
            opts += ["--mask", rng.choice(["x=[0-9]+", "=", "a", "(", "o=.*", "e=\\b"])]
        if rng.random() < 0.05:
            opts += ["--line-format", rng.choice(["<Date> <Time> <Content>", "<Content>", "<A> <B>", "<Date"])]
        if rng.random() < 0.1:
            opts += ["--timezone", rng.choice(["+14:00", "-12:00", "Europe/Berlin", "local", "+99:00"])]
        return opts
    failures = 0
    for n in range(args.files):
        k = rng.randrange(len(sources))
        picked = lines[k] + (rng.choice(lines) if rng.random() < 0.3 else [])
        damaged = [mutate(l, rng) if rng.random() < 0.5 else l for l in picked]
        if rng.random() < 0.2:
            rng.shuffle(damaged)
        path = os.path.join(args.workdir, "f%03d.log" % n)
        with open(path, "wb") as f:
            f.write(b"\n".join(damaged))
        deploy_path = os.path.join(args.workdir, "d%03d.jsonl" % n)
        with open(deploy_path, "wb") as f:
            f.write(b"\n".join(mutate(l, rng) if rng.random() < 0.3 else l for l in deploys))
        for cmd in (["analyze", "--format", "json", "--no-progress", path] + options(),
                    ["analyze", "--format", "markdown", "--no-progress", path] + options(),
                    ["analyze", "--no-progress", path] + options(),
                    ["templates", "--csv", path] + filters(),
                    ["grep", rng.choice(["a", "error", "\\d{3}", "^", "$", "(?i)TIMEOUT"]), path] + filters()):
            try:
                r = subprocess.run([args.triage] + cmd, capture_output=True, timeout=args.timeout, env=env)
            except subprocess.TimeoutExpired:
                print("hang:", " ".join(cmd), "(from %s)" % os.path.relpath(sources[k], ROOT))
                failures += 1
                continue
            err = r.stderr.decode(errors="replace")
            if r.returncode not in (0, 1, 2) or "Sanitizer" in err or "Fatal error" in err:
                print("failed (exit %d):" % r.returncode, " ".join(cmd), "(from %s)" % os.path.relpath(sources[k], ROOT))
                print(err[:2000])
                os.replace(path, path + ".bad")
                failures += 1
                break
    print("%d damaged files, %d failures" % (args.files, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
