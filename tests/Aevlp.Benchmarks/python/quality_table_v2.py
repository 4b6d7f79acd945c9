"""Quality table v2 (issue #17 item 4): every baseline and AEVLP, each tuned by the platform's own search on the
validation split, then trained with five seeds and scored on test, on two generated datasets: the demo-like
`quality-mosaic` (2x2 cells, 1-4 whole garments) and the harder `crowded-mosaic` (3x3 cells, 2-6 garments, some small,
some covering others). Reports mean +- std per row and paired differences over the same seeds, with 95 % intervals and
p-values (Holm-corrected over every claim on both datasets and lengths), for the paper's claims: AEVLP vs AN on the
same DAMP pseudo-labels, AEVLP vs GPR without pseudo-labels, and DAMP vs global-view pseudo-labels. The rows of these
claims (weak AN, AN + DAMP, GPR without and with global-view pseudo-labels, AEVLP) are trained again with their tuned
configs for --longer-epochs (9), three times the table's 3, and compared again. Two findings are compared at both
lengths too: GPR without pseudo-labels against weak AN, and GPR with global-view pseudo-labels against none.

    /usr/bin/python3 tests/Aevlp.Benchmarks/python/quality_table_v2.py            # starts the platform itself

Resumable: each search and each run is saved under --out as the registry returned it, and skipped when found; an
interrupted one is re-joined through its idempotency key; with everything saved it only re-summarises. --datasets and
--rows restrict what it runs; the summary covers every row saved so far, on both datasets.
"""

import argparse
import hashlib
import itertools
import json
import os

from scipy import stats  # Debian's python3-scipy, which infra/setup.sh's python3-sklearn brings

from platform_client import Platform, demo_config, saved_run
from quality_table import ROWS, epochs, mean_and_std, mean_std, metric  # v1's rows (row, label, config overrides) and its helpers

DATASETS = {
    "quality-mosaic": {"train": 1000, "test": 500, "seed": 1300},
    "crowded-mosaic": {"train": 1000, "test": 500, "seed": 1310, "grid": 3, "min_items": 2, "max_items": 6,
                       "min_scale": 0.6, "occlusion": 0.3},
}

# What each row tunes besides lr: the loss's own key hyper-parameters. GPR's K schedule (beta) chooses between the
# released configs' (configs/pascal.json, configs/coco.json); its V schedule (alpha) between the one every released config
# shares and a variant of ours that holds V's mu at 0.5; the regulariser's weight spans theirs.
GPR_SPACE = {
    "beta": {"choice": [[0, 2, -2, -2], [0, 10, -2, -8]]},
    "alpha": {"choice": [[0.5, 2, 0.8, 0.5], [0.5, 2, 0.5, 0.5]]},
    "reg": {"logUniform": [0.001, 0.1]},
}
ROW_SPACES = {
    "an_ls": {"ls_coef": {"uniform": [0.05, 0.3]}},
    "epr": {"expected_num_pos": {"uniform": [1.5, 4.0]}},
    "role": {"expected_num_pos": {"uniform": [1.5, 4.0]}},
    "ll_r": {"delta_rel": {"uniform": [0.05, 0.5]}},
    "ll_ct": {"delta_rel": {"uniform": [0.05, 0.5]}},
    "gpr": GPR_SPACE,
    "gpr_global": GPR_SPACE,
    "aevlp": GPR_SPACE,
}

# The paper's claims as paired comparisons over the same seeds: (claim, row, against).
CLAIMS = [
    ("the loss: AEVLP beats AN on the same DAMP pseudo-labels", "aevlp", "an_pl"),
    ("the pseudo-labels: AEVLP beats GPR without pseudo-labels", "aevlp", "gpr"),
    ("the views: DAMP pseudo-labels beat global-view ones (both GPR)", "aevlp", "gpr_global"),
    ("AEVLP beats the best single-positive baseline without a teacher (weak AN)", "aevlp", "wan"),
]

# The rows of the claims, trained again with their tuned configs for three times as long (--longer-epochs), to tell
# whether a row's place comes from the loss or from the table's 3 epochs, which end with val mAP still rising; and the
# findings, which are not claims: GPR without pseudo-labels against weak AN, the loss it reduces to while K stays low,
# and whether global-view pseudo-labels help GPR at all.
LONGER_ROWS = ["wan", "an_pl", "gpr", "gpr_global", "aevlp"]
FINDING = [
    ("GPR without pseudo-labels against weak AN, the loss it nears while K stays low", "gpr", "wan"),
    ("global-view pseudo-labels against none, both with GPR", "gpr_global", "gpr"),
]


def main():
    args = parse_args()
    os.makedirs(args.out, exist_ok=True)
    tables = {}
    with Platform(args.data_dir) as platform:
        for dataset in DATASETS:
            results = {}
            for row, label, overrides in ROWS:
                # Outside --datasets/--rows a row is only read back from what is saved, so every slice's summary covers
                # every row measured so far.
                selected = dataset in args.datasets and row in args.rows
                try:
                    results[row] = measure(platform if selected else None, args, dataset, row, overrides)
                except NotSaved:
                    continue
                print(f"{dataset} {row}: val-chosen {describe(results[row]['search'])}; test mAP "
                      f"{[round(metric(r, 'map'), 2) for r in results[row]['runs']]}", flush=True)
            if results:
                tables[dataset] = results
    write_outputs(args, tables)


class NotSaved(Exception):
    """A search or run outside --datasets/--rows that has not been saved: left out of the summary, not run."""


def measure(platform, args, dataset, row, overrides):
    """The row's search on val, its chosen config on test with every seed and, for the claims' rows, the longer runs;
    with no platform, only what is saved."""
    search = tune(platform, args, dataset, row, overrides)
    chosen = chosen_config(search, overrides)
    result = {"search": search, "config": chosen,
              "runs": [run_once(platform, args, dataset, row, chosen, seed) for seed in args.seeds]}
    if args.longer_epochs and row in LONGER_ROWS:
        longer = {**chosen, "num_epochs": args.longer_epochs}
        try:
            result["longer"] = [run_once(platform, args, dataset, f"{row}-{args.longer_epochs}ep", longer, seed)
                                for seed in args.seeds]
        except NotSaved:
            pass
    return result


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join("docs", "benchmarks", "quality-v2"))
    parser.add_argument("--data-dir", default="/tmp/aevlp-quality-v2", help="the platform's data folder (kept, so runs resume)")
    parser.add_argument("--datasets", nargs="+", default=list(DATASETS), choices=list(DATASETS))
    parser.add_argument("--rows", nargs="+", default=[row for row, _, _ in ROWS], choices=[row for row, _, _ in ROWS])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1200, 1201, 1202, 1203, 1204])
    parser.add_argument("--trials", type=int, default=8, help="random-search trials per row, on the val split")
    parser.add_argument("--search-seed", type=int, default=17)
    parser.add_argument("--longer-epochs", type=int, default=9,
                        help=f"also train {', '.join(LONGER_ROWS)} with their tuned configs for this many epochs (0: not)")
    return parser.parse_args()


def tune(platform, args, dataset, row, overrides):
    """A random search over lr and the row's own keys, judged on val mAP (the config's val split of the train images;
    the test split is never read to choose), every trial trained in full, one at a time."""
    space = {"lr": {"logUniform": [1e-5, 3e-3]}, **ROW_SPACES.get(row, {})}
    search = {"method": "random", "trials": args.trials, "maxConcurrent": 1, "metric": "val_map", "mode": "max",
              "seed": args.search_seed, "space": space, "earlyStopping": {"type": "none"}}
    config = demo_config(**overrides, seed=args.seeds[0])

    def submit(key):
        ensure_dataset(platform, dataset)
        return platform.run_to_end(key, dataset, f"quality-v2 tune {row}", config, search=search, timeout_s=4 * 3600)
    return saved(args, "searches", f"{dataset}-{row}", [dataset, DATASETS[dataset], config, search], submit)


def best_trial(search):
    results = search["search"]
    if results.get("bestTrialId") is None:
        raise RuntimeError(f"search {search['run']['id']} ended {search['run']['status']} without a best trial")
    return next(trial for trial in results["trials"] if trial["id"] == results["bestTrialId"])


def chosen_config(search, overrides):
    return demo_config(**overrides, **best_trial(search)["values"])


def run_once(platform, args, dataset, row, config, seed):
    config = {**config, "seed": seed}

    def submit(key):
        ensure_dataset(platform, dataset)
        return platform.run_to_end(key, dataset, f"quality-v2 {row} seed {seed}", config)
    return saved(args, "runs", f"{dataset}-{row}-seed{seed}", [dataset, DATASETS[dataset], config], submit)


def saved(args, folder, name, identity, submit):
    """The registry's answer for this request, saved under --out; submitted (or re-joined) when not saved yet. The
    request's identity (dataset, config, search) names the file and the idempotency key, so a changed request runs anew."""
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:12]
    path = os.path.join(args.out, folder, f"{name}-{digest}.json")
    return saved_run(path, name, lambda: submit(f"quality-v2-{name}-{digest}"))


def ensure_dataset(platform, dataset):
    if platform is None:
        raise NotSaved(dataset)
    options = DATASETS[dataset]
    platform.ensure_mosaic_dataset(dataset, options["train"], options["test"], options["seed"],
                                   **{k: v for k, v in options.items() if k not in ("train", "test", "seed")})


def describe(search):
    results = search["search"]
    return f"{json.dumps(best_trial(search)['values'])} (val mAP {results['bestMetric']:.2f} of {len(results['trials'])} trials)"


def paired(results, row, against, runs="runs"):
    """Test mAP differences seed by seed (the same seed draws the same head initialisation, batches and views for both
    rows), their mean, 95 % t-interval and paired t-test p-value; `runs` picks the table's runs or the longer ones."""
    if runs not in results.get(row, {}) or runs not in results.get(against, {}):
        return None
    by_seed = lambda rs: {r["config"]["seed"]: metric(r, "map") for r in rs}
    mine, theirs = by_seed(results[row][runs]), by_seed(results[against][runs])
    differences = [mine[seed] - theirs[seed] for seed in sorted(mine) if seed in theirs]
    if len(differences) < 2:
        return None
    mean, std = mean_std(differences)
    half = stats.t.ppf(0.975, len(differences) - 1) * std / len(differences) ** 0.5
    return {"n": len(differences), "mean": mean, "low": mean - half, "high": mean + half, "differences": differences,
            "p": float(stats.ttest_1samp(differences, 0).pvalue)}


def holm(comparisons, level=0.05):
    """Marks each comparison with whether Holm's step-down test rejects "no difference" at a family-wise `level`: the
    claims are tested on two datasets at two lengths, so one interval at 5 % each would overstate the confidence."""
    tested = sorted((c for c in comparisons if "p" in c), key=lambda c: c["p"])
    rejecting = True
    for rank, c in enumerate(tested):
        rejecting = rejecting and c["p"] <= level / (len(tested) - rank)
        c["holm"] = rejecting


def compare(results, comparisons, runs):
    return [{"claim": claim, "row": row, "against": against, **(c or {}), "verdict": verdict(c)}
            for claim, row, against in comparisons for c in [paired(results, row, against, runs)]]


def verdict(comparison):
    if comparison is None:
        return "not measured"
    if comparison["low"] > 0:
        return "holds (the 95 % interval is above 0)"
    if comparison["high"] < 0:
        return "reversed (the 95 % interval is below 0)"
    return "not established (the 95 % interval includes 0)"


def write_outputs(args, tables):
    lines, summary = [], {}
    for dataset, results in tables.items():
        rows = {row: {"label": label, "n": len(results[row]["runs"]), **scores(results[row]["runs"]),
                      "chosen": best_trial(results[row]["search"])["values"],
                      "val_map": results[row]["search"]["search"]["bestMetric"]}
                for row, label, _ in ROWS if row in results}
        claims = compare(results, CLAIMS + FINDING, "runs")
        longer = {row: {"n": len(results[row]["longer"]), **scores(results[row]["longer"]),
                        "val_curve": val_curve(results[row]["longer"]), "val_curve_3": val_curve(results[row]["runs"])}
                  for row in LONGER_ROWS if "longer" in results.get(row, {})}
        longer_claims = compare(results, CLAIMS + FINDING, "longer") if longer else []
        summary[dataset] = {"options": DATASETS[dataset], "rows": rows, "claims": claims,
                            "longer": {"epochs": args.longer_epochs, "rows": longer, "claims": longer_claims}}
    holm(paper_claims(summary))
    for dataset, e in summary.items():
        lines += markdown(dataset, e["rows"], e["claims"])
        if e["longer"]["rows"]:
            lines += markdown_longer(args.longer_epochs, e["longer"]["rows"], e["longer"]["claims"])
    text = "\n".join(lines)
    print(text)
    with open(os.path.join(args.out, "quality.md"), "w") as file:
        file.write(text + "\n")
    with open(os.path.join(args.out, "summary.json"), "w") as file:
        json.dump(summary, file, indent=1)


def paper_claims(summary):
    """Every dataset's and length's comparisons of CLAIMS, the family Holm's correction covers (FINDING is not a claim)."""
    pairs = {(row, against) for _, row, against in CLAIMS}
    return [c for e in summary.values() for c in e["claims"] + e["longer"]["claims"] if (c["row"], c["against"]) in pairs]


def scores(runs):
    return {name: mean_std([metric(r, name) for r in runs]) for name in ("map", "cf1", "of1")}


def val_curve(runs):
    """Mean val mAP by epoch over the seeds that trained it (spec §2's early stopping may end a run sooner)."""
    curves = [[e["valMap"] for e in epochs(r)] for r in runs]
    return [mean_std([v for v in values if v is not None])[0] for values in itertools.zip_longest(*curves)]


def markdown(dataset, rows, claims):
    lines = [f"### {dataset}", "", "| method | seeds | test mAP | CF1 | OF1 | val mAP of the chosen config | chosen by search on val |",
             "|---|---|---|---|---|---|---|"]
    for row, e in rows.items():
        chosen = ", ".join(f"{k} {format_value(v)}" for k, v in e["chosen"].items())
        lines.append(f"| {e['label']} (`{row}`) | {e['n']} | {mean_and_std(e['map'])} | {mean_and_std(e['cf1'])} | {mean_and_std(e['of1'])} | "
                     f"{e['val_map']:.2f} | {chosen} |")
    return lines + markdown_claims(claims)


def markdown_longer(epochs_trained, rows, claims):
    curve = lambda values: " → ".join(f"{v:.1f}" for v in values)
    lines = [f"#### The same tuned configs, trained {epochs_trained} epochs", "",
             "| method | seeds | test mAP | CF1 | OF1 | mean val mAP by epoch (3-epoch runs: by epoch) |", "|---|---|---|---|---|---|"]
    for row, e in rows.items():
        lines.append(f"| `{row}` | {e['n']} | {mean_and_std(e['map'])} | {mean_and_std(e['cf1'])} | {mean_and_std(e['of1'])} | "
                     f"{curve(e['val_curve'])} ({curve(e['val_curve_3'])}) |")
    return lines + markdown_claims(claims)


def markdown_claims(claims):
    lines = ["", "| claim | paired test mAP difference, 95 % interval | p (paired t) | Holm, all claims at 5 % | verdict |",
             "|---|---|---|---|---|"]
    for c in claims:
        interval = f"{c['mean']:+.2f} [{c['low']:+.2f}, {c['high']:+.2f}] over {c['n']} seeds" if "mean" in c else "—"
        p = f"{c['p']:.2g}" if "p" in c else "—"
        corrected = {True: "rejects no difference", False: "does not reject"}.get(c.get("holm"), "—")
        lines.append(f"| {c['claim']} (`{c['row']}` − `{c['against']}`) | {interval} | {p} | {corrected} | {c['verdict']} |")
    return lines + [""]


def format_value(value):
    return f"{value:.3g}" if isinstance(value, float) else json.dumps(value)


if __name__ == "__main__":
    main()
