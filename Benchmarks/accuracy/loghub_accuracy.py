#!/usr/bin/env python3
"""Template-mining accuracy of `triage templates` on the Loghub-2k datasets.

Runs triage over every dataset in ../shared/loghub2k twice — with the dataset's header format given
as --line-format, and fully automatic (format detection only) — and scores each run with
../shared/tools/loghub_eval.py (GA, FGA, PA, FTA as Loghub-2.0 computes them).

Usage: Benchmarks/accuracy/loghub_accuracy.py [--triage .build/release/triage] [--shared ../shared]
                                              [--mode both|format|auto] [--show-errors N]
Prints a Markdown table per mode. Exits 0 and says so when the data is absent.
Data: Loghub (He et al., ISSRE 2023) with the corrected ground truth of Khan et al. (ICSE 2022).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HEADER_FORMATS = {
    "Apache": r"\[<Time>\] \[<Level>\] <Content>",
    "BGL": r"<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>",
    "HDFS": r"<Date> <Time> <Pid> <Level> <Component>: <Content>",
    "Hadoop": r"<Date> <Time> <Level> \[<Process>\] <Component>: <Content>",
    "HealthApp": r"<Time>\|<Component>\|<Pid>\|<Content>",
    "OpenSSH": r"<Date> <Day> <Time> <Component> sshd\[<Pid>\]: <Content>",
    "Spark": r"<Date> <Time> <Level> <Component>: <Content>",
    "Zookeeper": r"<Date> <Time> - <Level>  \[<Node>:<Component>@<Id>\] - <Content>",
}


def run_dataset(triage, shared, name, mode, show_errors):
    log = os.path.join(shared, "loghub2k", name, f"{name}_2k.log")
    gt = os.path.join(shared, "loghub2k", name, f"{name}_2k.log_structured_corrected.csv")
    cmd = [triage, "templates", "--csv", log]
    if mode == "format":
        cmd[2:2] = ["--line-format", HEADER_FORMATS[name]]
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as out:
        start = time.perf_counter()
        subprocess.run(cmd, stdout=out, check=True)
        elapsed = time.perf_counter() - start
    evaluator = os.path.join(shared, "tools", "loghub_eval.py")
    res = json.loads(subprocess.run([sys.executable, evaluator, gt, out.name, "--json"],
                                    capture_output=True, text=True, check=True).stdout)
    if show_errors:
        print(subprocess.run([sys.executable, evaluator, gt, out.name, "--show-errors", str(show_errors)],
                             capture_output=True, text=True).stdout, file=sys.stderr)
    os.unlink(out.name)
    res["seconds"] = elapsed
    return res


def run_drain3(shared, name):
    """The peer: Drain3 (logpai's maintained Drain) with its default settings and no masks,
    on the same Content the header format yields."""
    import csv
    import logging
    from drain3 import TemplateMiner
    from drain3.template_miner_config import TemplateMinerConfig
    logging.disable(logging.CRITICAL)
    gt = os.path.join(shared, "loghub2k", name, f"{name}_2k.log_structured_corrected.csv")
    rows = list(csv.DictReader(open(gt, newline="")))
    config = TemplateMinerConfig()
    config.profiling_enabled = False
    miner = TemplateMiner(config=config)
    start = time.perf_counter()
    ids = [miner.add_log_message(r["Content"])["cluster_id"] for r in rows]
    elapsed = time.perf_counter() - start
    templates = {c.cluster_id: c.get_template() for c in miner.drain.clusters}
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="") as out:
        w = csv.writer(out)
        w.writerow(["LineId", "ClusterId", "Template"])
        for r, cid in zip(rows, ids):
            w.writerow([r["LineId"], cid, templates[cid]])
    evaluator = os.path.join(shared, "tools", "loghub_eval.py")
    res = json.loads(subprocess.run([sys.executable, evaluator, gt, out.name, "--json"],
                                    capture_output=True, text=True, check=True).stdout)
    os.unlink(out.name)
    res["seconds"] = elapsed
    return res


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, "..", ".."))
    ap = argparse.ArgumentParser()
    ap.add_argument("--triage", default=os.path.join(root, ".build", "release", "triage"))
    ap.add_argument("--shared", default=os.path.normpath(os.path.join(root, "..", "shared")))
    ap.add_argument("--mode", choices=["both", "format", "auto"], default="both")
    ap.add_argument("--peer", action="store_true", help="also score Drain3 (pip install drain3) in the same run")
    ap.add_argument("--dataset", action="append")
    ap.add_argument("--show-errors", type=int, default=0)
    a = ap.parse_args()
    if not os.path.isdir(os.path.join(a.shared, "loghub2k")):
        print(f"skipped: no Loghub data at {a.shared}/loghub2k")
        return 0
    if not os.access(a.triage, os.X_OK):
        print(f"build triage first (swift build -c release): {a.triage} not found", file=sys.stderr)
        return 2
    names = a.dataset or sorted(HEADER_FORMATS)
    modes = ["format", "auto"] if a.mode == "both" else [a.mode]
    if a.peer:
        modes.append("drain3")
    for mode in modes:
        title = {"format": "triage, header format given (--line-format)", "auto": "triage, fully automatic",
                 "drain3": "peer: Drain3 defaults, no masks, on the ground truth's Content"}[mode]
        print(f"\n### {title}\n")
        print("| dataset | GA | FGA | PA | FTA | templates (truth) |")
        print("|---|---:|---:|---:|---:|---:|")
        sums = {"GA": 0.0, "FGA": 0.0, "PA": 0.0, "FTA": 0.0}
        for name in names:
            r = run_drain3(a.shared, name) if mode == "drain3" else run_dataset(a.triage, a.shared, name, mode, a.show_errors)
            for k in sums:
                sums[k] += r[k]
            print(f"| {name} | {r['GA']:.3f} | {r['FGA']:.3f} | {r['PA']:.3f} | {r['FTA']:.3f} | "
                  f"{r.get('pred_templates', r.get('pred_groups', '?'))} ({r.get('gt_templates', '?')}) |")
        n = len(names)
        print(f"| **average** | **{sums['GA']/n:.3f}** | **{sums['FGA']/n:.3f}** | **{sums['PA']/n:.3f}** | "
              f"**{sums['FTA']/n:.3f}** | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
