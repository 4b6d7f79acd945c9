"""The quality table of docs/benchmarks.md: every baseline and AEVLP on one fashion-mosaic dataset, through the
platform (registry → pseudo-labeler → trainer → evaluator), ≥ 2 seeds per row, mean ± std, plus a PNG of val mAP
per epoch. Resumable: each finished run is saved under --out; a re-run skips those and re-joins an unfinished one
(same idempotency key).

    /usr/bin/python3 tests/Aevlp.Benchmarks/python/quality_table.py            # starts the platform itself

Hyper-parameters are configs/fashion-mosaic.json's for every row (lr, epochs, batch, image size, backbone); with
--tune-lr the lr of each row is picked by its seed-1 validation mAP (never the test split) from the given values.
"""

import argparse
import hashlib
import json
import os
import statistics

from platform_client import Platform, demo_config, saved_run, stage_seconds, wall_seconds

# (row, label, config overrides). Baselines train on the observed single positive alone (use_pl false), except
# an_pl; `bce` reads the full labels (spec §5).
ROWS = [
    ("bce", "Full-label BCE (upper bound)", {"loss": "bce", "use_pl": False}),
    ("an", "Assume negative (AN)", {"loss": "an", "use_pl": False}),
    ("an_ls", "AN + label smoothing", {"loss": "an_ls", "use_pl": False}),
    ("wan", "Weak AN", {"loss": "wan", "use_pl": False}),
    ("epr", "EPR", {"loss": "epr", "use_pl": False}),
    ("role", "ROLE", {"loss": "role", "use_pl": False}),
    ("ll_r", "LL-R", {"loss": "ll_r", "use_pl": False}),
    ("ll_ct", "LL-Ct", {"loss": "ll_ct", "use_pl": False}),
    ("an_pl", "AN + DAMP pseudo-labels", {"loss": "an_pl", "use_pl": True}),
    ("gpr", "GPR, no pseudo-labels", {"loss": "gpr_loss", "use_pl": False}),
    ("gpr_global", "GPR + global-view pseudo-labels", {"loss": "gpr_loss", "use_pl": True, "pl_views": "global"}),
    ("aevlp", "AEVLP (GPR + DAMP)", {"loss": "gpr_loss", "use_pl": True}),
]
PSEUDO_LABEL_ROWS = {"an_pl", "gpr_global", "aevlp"}


def main():
    args = parse_args()
    os.makedirs(args.out, exist_ok=True)
    with Platform(args.data_dir) as platform:
        results = {}
        for row, label, overrides in ROWS:
            lr = choose_lr(platform, args, row, overrides)
            results[row] = [run_once(platform, args, row, overrides, lr, seed) for seed in args.seeds]
            print(f"{row}: test mAP {[round(metric(r, 'map'), 2) for r in results[row]]}", flush=True)
    summary = summarise(results)
    write_outputs(args, summary, results)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join("docs", "benchmarks", "quality"))
    parser.add_argument("--data-dir", default="/tmp/aevlp-quality", help="the platform's data folder (kept, so runs resume)")
    parser.add_argument("--dataset", default="quality-mosaic")
    parser.add_argument("--train", type=int, default=1000, help="train mosaics (20 %% become the val split)")
    parser.add_argument("--test", type=int, default=500)
    parser.add_argument("--data-seed", type=int, default=1300)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1200, 1201])
    parser.add_argument("--tune-lr", type=float, nargs="*", default=[], help="lr values to choose from on val mAP")
    return parser.parse_args()


def run_once(platform, args, row, overrides, lr, seed):
    config = demo_config(**overrides, seed=seed, **({"lr": lr} if lr else {}))
    digest = hashlib.sha256(json.dumps([args.dataset, args.train, args.test, args.data_seed, config], sort_keys=True).encode()).hexdigest()[:12]
    path = os.path.join(args.out, "runs", f"{row}-seed{seed}-{digest}.json")

    def submit():
        platform.ensure_mosaic_dataset(args.dataset, args.train, args.test, args.data_seed)
        return platform.run_to_end(f"quality-{row}-{seed}-{digest}", args.dataset, f"quality {row} seed {seed}", config)
    return saved_run(path, f"{row} seed {seed}", submit)


def choose_lr(platform, args, row, overrides):
    """The lr with the best seed-1 validation mAP (the best epoch's), or the config's when not tuning."""
    if not args.tune_lr:
        return None
    scored = [(best_val_map(run_once(platform, args, row, overrides, lr, args.seeds[0])), lr) for lr in args.tune_lr]
    return max(scored)[1]


def epochs(run):
    """The run's history of epochs: val mAP and pseudo-label quality, in epoch order."""
    ended = [e["detail"] for e in run["events"] if e["kind"] == "EpochEnded"]
    return sorted(ended, key=lambda detail: detail["epoch"])


def metric(run, name):
    """A test metric in percent, whatever the JSON casing of its name (CF1 → cf1)."""
    return next(value for key, value in run["testMetrics"].items() if key.lower() == name)


def mean_std(values):
    """Mean and sample standard deviation (0 for a single value)."""
    return statistics.mean(values), statistics.stdev(values) if len(values) > 1 else 0.0


def best_val_map(run):
    return max(e["valMap"] for e in epochs(run))


def summarise(results):
    summary = []
    for row, label, _ in ROWS:
        runs = results[row]
        entry = {
            "row": row, "label": label, "n": len(runs),
            "map": mean_std([metric(r, "map") for r in runs]),
            "cf1": mean_std([metric(r, "cf1") for r in runs]),
            "of1": mean_std([metric(r, "of1") for r in runs]),
            "lr": runs[0]["config"]["lr"],
            "val_curve": [statistics.mean(e) for e in zip(*[[x["valMap"] for x in epochs(r)] for r in runs])],
        }
        if row in PSEUDO_LABEL_ROWS:
            last = [epochs(r)[-1] for r in runs]
            for key in ("pseudoLabelPrecision", "pseudoLabelRecall", "pseudoLabelF1"):
                entry[key] = mean_std([e[key] for e in last])
        summary.append(entry)
    return summary


def write_outputs(args, summary, results):
    table = markdown_table(summary)
    print(table)
    with open(os.path.join(args.out, "quality.md"), "w") as file:
        file.write(table + "\n")
    with open(os.path.join(args.out, "summary.json"), "w") as file:
        json.dump({"summary": summary, "overhead": overhead(results)}, file, indent=1)
    plot_val_curves(summary, os.path.join(args.out, "val-map-per-epoch.png"))


def mean_and_std(cell):
    return f"{cell[0]:.2f} ± {cell[1]:.2f}"


def markdown_table(summary):
    lines = ["| method | test mAP | CF1 | OF1 | PL precision | PL recall | PL F1 |", "|---|---|---|---|---|---|---|"]
    for e in summary:
        pl = [mean_and_std(e[k]) if k in e else "—" for k in ("pseudoLabelPrecision", "pseudoLabelRecall", "pseudoLabelF1")]
        lines.append(f"| {e['label']} (`{e['row']}`) | {mean_and_std(e['map'])} | {mean_and_std(e['cf1'])} | {mean_and_std(e['of1'])} | {' | '.join(pl)} |")
    return "\n".join(lines)


def overhead(results):
    """Per run: wall time from request to registered model minus the workers' compute seconds (docs: platform overhead)."""
    rows = []
    for runs in results.values():
        for run in runs:
            compute = sum(c for _, c in stage_seconds(run).values() if c is not None)
            wall = wall_seconds(run)
            rows.append({"run": run["run"]["id"], "wall": wall, "compute": compute, "overhead_pct": 100 * (wall - compute) / wall})
    return rows


def plot_val_curves(summary, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(figsize=(8, 5), dpi=100)
    colours = plt.get_cmap("tab20").colors
    for i, e in enumerate(summary):
        style = "-" if e["row"] in PSEUDO_LABEL_ROWS or e["row"] == "bce" else "--"
        epochs_run = range(1, len(e["val_curve"]) + 1)
        axes.plot(epochs_run, e["val_curve"], style, marker="o", color=colours[(2 * i) % 20 + (i >= 10)], label=e["label"])
    axes.set_xticks(range(1, max(len(e["val_curve"]) for e in summary) + 1))
    axes.set_xlabel("epoch")
    axes.set_ylabel("val mAP (%), mean over seeds")
    axes.set_title("fashion-mosaic: validation mAP per epoch")
    axes.grid(alpha=0.3)
    axes.legend(fontsize=7, ncol=2)
    figure.tight_layout()
    figure.savefig(path)


if __name__ == "__main__":
    main()
