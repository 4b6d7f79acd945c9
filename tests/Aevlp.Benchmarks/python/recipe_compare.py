"""Speed item 1 of docs/benchmarks.md: our platform vs the paper's recipe in PyTorch (paper_recipe.py), same data,
backbone, teacher, hyper-parameters and number of epochs. Runs our side through the platform on the dataset that
recipe-inputs generated (imported with the CLI's synth, byte-identical), then prints the comparison.

    /usr/bin/python3 tests/Aevlp.Benchmarks/python/recipe_compare.py --pytorch /tmp/paper_recipe.json \
        --train 500 --test 200 --seed 1200 --epochs 8

The dataset name embeds its options, so a new size gets fresh pseudo-labels; a second run on the same dataset reuses
the teacher's logits (the cache), which the output reports as such rather than as a first run.
"""

import argparse
import json
import statistics

from platform_client import Platform, demo_config, stage_seconds, wall_seconds


def main():
    args = parse_args()
    with open(args.pytorch) as file:
        theirs = json.load(file)
    dataset = f"recipe-{args.train}-{args.test}-{args.seed}"
    with Platform(args.data_dir) as platform:
        platform.ensure_mosaic_dataset(dataset, args.train, args.test, args.seed)
        config = demo_config(num_epochs=args.epochs, seed=args.run_seed)
        run = platform.run_to_end(f"{dataset}-e{args.epochs}-s{args.run_seed}-{args.attempt}", dataset, "recipe comparison", config)
    if run["run"]["status"] != "FINISHED":
        raise RuntimeError(f"run {run['run']['id']} ended {run['run']['status']}: {run.get('error')}")
    print(comparison(ours(run), theirs))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pytorch", required=True, help="paper_recipe.py's --out file")
    parser.add_argument("--data-dir", default="/tmp/aevlp-quality")
    parser.add_argument("--train", type=int, default=500)
    parser.add_argument("--test", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1200, help="the dataset's seed, as given to recipe-inputs")
    parser.add_argument("--run-seed", type=int, default=1200)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--attempt", default="1", help="a new value starts a new run instead of joining the last")
    return parser.parse_args()


def ours(run):
    stages = stage_seconds(run)
    epochs = sorted((e["detail"] for e in run["events"] if e["kind"] == "EpochEnded"), key=lambda d: d["epoch"])
    teacher = stages.get("PseudoLabels", (None, 0.0))[1] or 0.0
    training = stages["Training"][1]
    return {
        "epochs": len(epochs),
        "teacher": teacher,
        "reused": teacher < 1.0,
        "epoch_median": statistics.median(e["epochSeconds"] for e in epochs),
        "per_epoch": (teacher + training) / len(epochs),
        "wall_per_epoch": wall_seconds(run) / len(epochs),
        "test_map": next(v for k, v in run["testMetrics"].items() if k.lower() == "map"),
        "run": run["run"]["id"],
    }


def comparison(us, them):
    epochs = them["epochs"]
    their_epoch = [e["epoch_seconds"] for e in epochs]
    their_teacher = [e["teacher_seconds"] + e.get("damp_seconds", 0.0) for e in epochs]
    their_per_epoch = sum(their_epoch) / len(epochs)
    lines = [
        "| | epochs run | pseudo-labelling | epoch median (train + val) | per epoch, pseudo-labelling included | test mAP |",
        "|---|---|---|---|---|---|",
        f"| PyTorch, paper recipe | {len(epochs)} | {statistics.median(their_teacher):.1f} s every epoch (median) | "
        f"{statistics.median(e['train_seconds'] + e['val_seconds'] for e in epochs):.1f} s | {their_per_epoch:.1f} s | {them['test_map']:.2f} |",
        f"| AEVLP platform (run {us['run']}) | {us['epochs']} | {us['teacher']:.1f} s once{' (reused: cache)' if us['reused'] else ''} | "
        f"{us['epoch_median']:.1f} s | {us['per_epoch']:.1f} s ({us['wall_per_epoch']:.1f} s request to registered model) | {us['test_map']:.2f} |",
        "",
        f"ratio ours / PyTorch, per epoch: {us['per_epoch'] / their_per_epoch:.2f} (compute), "
        f"{us['wall_per_epoch'] / their_per_epoch:.2f} (whole platform run, evaluation and messaging included)",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
