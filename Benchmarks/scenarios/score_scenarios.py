#!/usr/bin/env python3
"""Scores `triage analyze --deploys` on the incident scenarios with known answers
(samplelogs/scenarios/*/answer.json and the bundled samplelogs/ incident).

Usage: Benchmarks/scenarios/score_scenarios.py [--triage .build/release/triage]
Prints a Markdown table: expected vs found culprit, harmless changes spared, onset error, top finding.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
from datetime import datetime


def ts(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


def main():
    root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    ap = argparse.ArgumentParser()
    ap.add_argument("--triage", default=os.path.join(root, ".build", "release", "triage"))
    a = ap.parse_args()
    cases = [(os.path.basename(d), d) for d in sorted(glob.glob(os.path.join(root, "samplelogs", "scenarios", "*")))
             if os.path.exists(os.path.join(d, "answer.json"))]
    bundled = {"culprit": "dep-812", "onset": "2026-03-02T10:12:47.318Z", "harmless": ["cfg-2291", "dep-813"],
               "top_finding_service": "payments"}
    print("| scenario | expected culprit | found (score) | harmless spared | onset error | top finding | runbook #1 |")
    print("|---|---|---|---|---:|---|---|")
    right = 0
    rows = [("samplelogs (bundled)", os.path.join(root, "samplelogs"), bundled)] + \
           [(n, d, json.load(open(os.path.join(d, "answer.json")))) for n, d in cases]
    for name, d, ans in rows:
        logs = sorted(glob.glob(os.path.join(d, "*.log")))
        out = subprocess.run([a.triage, "analyze", "-o", "json", "--deploys", os.path.join(d, "deploys.jsonl")] + logs,
                             capture_output=True, text=True)
        r = json.loads(out.stdout)
        sus = r["suspects"]
        found = f"{sus[0]['deploy']} ({sus[0]['score']})" if sus else "none"
        ok = (sus[0]["deploy"] if sus else None) == ans["culprit"]
        spared = all(h not in [s["deploy"] for s in sus] for h in ans.get("harmless", []))
        inc = (r.get("correlation") or {}).get("incident")
        err = f"{abs(ts(inc['onset']) - ts(ans['onset'])):.0f} s" if inc else "no onset"
        top = r["findings"][0] if r["findings"] else None
        top_s = f"{top['kind']} {top['level']} in {top['source']}" if top else "none"
        rb = r["runbooks"][0]["id"] if r["runbooks"] else "none"
        right += ok and spared
        print(f"| {name} | {ans['culprit'] or 'none'} | {found} {'✓' if ok else '✗'} | {'✓' if spared else '✗'} | {err} | {top_s} | {rb} |")
    print(f"\n{right} of {len(rows)} scenarios fully right (culprit named or none, harmless changes spared).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
