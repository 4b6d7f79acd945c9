"""The paper's recipe as released, in PyTorch, on our data, backbone and teacher (issue #10, docs/benchmarks.md).

Each epoch, as the released research code does: the teacher re-scores every view of every train image (the whole
image and its G×G grid tiles, each flipped with p = 0.5, re-drawn every epoch), DAMP turns the scores into
pseudo-labels (spec §4), one epoch of GPR training follows (spec §3; the loss is reference_timings.gpr_loss, written
as the research code writes it), then the val mAP. Test mAP is that of the best-val epoch (spec §2).

The inputs come from our side, so both sides train on the same bytes:
    AEVLP_RECIPE_DIR=/tmp/aevlp-recipe dotnet run -c Release --project tests/Aevlp.Benchmarks -- recipe-inputs
(the fashion-mosaic dataset, the demo teacher, the resnet18-dnn weights, our train/val split, reference outputs).

Usage (Debian's PyTorch: /usr/bin/python3):
    paper_recipe.py INPUTS --check                 our teacher, backbone and DAMP vs this script's; spec fixtures
    paper_recipe.py INPUTS [--epochs E] [--threads 2] [--workers 2] [--config C] [--no-early-stop] [--out result.json]
"""
import argparse
import copy
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from onnx import load as load_onnx, numpy_helper
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms
from torchvision.transforms import InterpolationMode, functional as TF
from torchvision.models.resnet import BasicBlock, ResNet

from reference_timings import gpr_loss, mean_average_precision

HERE = os.path.dirname(os.path.abspath(__file__))


# ---- inputs ---------------------------------------------------------------------------------------------------------

def load_inputs(folder, config_file=None):
    """inputs.json, the config it names (or `config_file`), and the dataset: official train (split by our rows) and
    test, in file order."""
    with open(os.path.join(folder, "inputs.json")) as f:
        inputs = json.load(f)
    with open(config_file or inputs["config"]) as f:
        config = json.load(f)
    data = os.path.join(folder, inputs["dataset"]["dir"])
    images = os.path.join(data, inputs["dataset"]["images"])

    def split(name):
        paths = [os.path.join(images, p) for p in np.load(os.path.join(data, f"formatted_{name}_images.npy"))]
        labels = np.load(os.path.join(data, f"formatted_{name}_labels.npy")).astype(np.float32)
        observed = np.load(os.path.join(data, f"formatted_{name}_labels_obs.npy")).astype(np.float32)
        return dict(paths=paths, labels=labels, observed=observed)

    official, test = split("train"), split("val")
    rows = {part: np.load(os.path.join(folder, inputs["split"][part])) for part in ("train", "val")}
    train, val = ({key: select(value, rows[part]) for key, value in official.items()} for part in ("train", "val"))
    return inputs, config, official, train, val, test


def select(values, rows):
    return [values[i] for i in rows] if isinstance(values, list) else values[rows]


def resnet18_dnn(folder, inputs):
    """The CNTK ResNet-18 (blocks [2, 2, 2, 3]) in torchvision's layout with our weights; pooled 512-d features out.
    Its stride-2 layers pad asymmetrically in the ONNX file, which gives the same outputs at even input sizes."""
    net = ResNet(BasicBlock, inputs["backbone"]["blocks"])
    net.fc = torch.nn.Identity()
    net.load_state_dict(torch.load(os.path.join(folder, inputs["backbone"]["file"])), strict=True)
    return net


class Teacher:
    """The demo teacher: the same ResNet-18 as image encoder behind its own preprocessing (RGB→BGR, 0–255, minus the
    224×224 mean image of preprocess.onnx), and unit class embeddings; logit = cosine similarity (spec §4)."""

    def __init__(self, folder, inputs):
        teacher = os.path.join(folder, inputs["teacher"]["dir"])
        with open(os.path.join(teacher, "teacher.json")) as f:
            self.size = json.load(f)["inputSize"]
        prep = load_onnx(os.path.join(teacher, "preprocess.onnx"))
        mean = next(t for t in prep.graph.initializer if t.name == "MeanImage")
        self.mean_image = torch.from_numpy(numpy_helper.to_array(mean).copy())[0]  # [3, S, S], BGR
        self.classes = F.normalize(torch.from_numpy(np.load(os.path.join(teacher, "class_embeddings.npy"))), dim=1)
        self.encoder = resnet18_dnn(folder, inputs).eval()

    @torch.no_grad()
    def logits(self, views):
        """[B, 3, S, S] preprocessed views → [B, C] cosine logits (a zero embedding scores 0, as ours)."""
        return F.normalize(self.encoder(views), dim=1) @ self.classes.T


class Classifier(torch.nn.Module):
    """Spec §2: backbone → global average pool → linear head (ours: Models/MultiLabelClassifier.cs)."""

    def __init__(self, backbone, classes):
        super().__init__()
        self.backbone, self.head = backbone, torch.nn.Linear(512, classes)

    def forward(self, images):
        return self.head(self.backbone(images))


# ---- data -----------------------------------------------------------------------------------------------------------

def grid_views(width, height, grid):
    """Spec §4 (Images/GridViews.cs): the whole image, then the G×G tiles ⌊W/G⌋×⌊H/G⌋ in row-major order."""
    w, h = width // grid, height // grid
    return [(0, 0, width, height)] + [(x * w, y * h, min(width, x * w + w), min(height, y * h + h))
                                      for y in range(grid) for x in range(grid)]


class TeacherViews(Dataset):
    """All 1 + G² views of an image, each cropped, resized to the teacher's input, flipped where `flips[image, view]`
    says, and preprocessed as the teacher expects: [V, 3, S, S]. The resize is torchvision's on uint8 tensors
    (bilinear, rounded back to bytes), which tracks our ImageSharp triangle filter far closer than PIL's fixed-point
    bilinear does when enlarging (max teacher-logit difference 6e-4 against 8e-3; --check measures it)."""

    def __init__(self, paths, grid, teacher, flips):
        self.paths, self.grid, self.size, self.mean_image, self.flips = paths, grid, teacher.size, teacher.mean_image, flips

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        image = TF.pil_to_tensor(Image.open(self.paths[i]).convert("RGB"))
        views = []
        for v, (left, top, right, bottom) in enumerate(grid_views(image.shape[2], image.shape[1], self.grid)):
            view = TF.resize(image[:, top:bottom, left:right], [self.size, self.size], InterpolationMode.BILINEAR, antialias=False)
            views.append(view.flip(-1) if self.flips[i, v] else view)
        return torch.stack(views)[:, [2, 1, 0]].float() - self.mean_image, i  # RGB → BGR, 0–255, minus the mean image


class Images(Dataset):
    """Train/val/test images through a torchvision transform, with their row index."""

    def __init__(self, paths, transform):
        self.paths, self.transform = paths, transform

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        return self.transform(Image.open(self.paths[i]).convert("RGB")), i


def classifier_transform(size, backbone, train):
    """Spec §2 with our resnet18-dnn normalisation (Architectures.Normalization): resize to S×S, random flip when
    training, bytes in the model's channel order × pixelScale/255, minus mean, over std."""
    order = [2, 1, 0] if backbone["channelOrder"] == "Bgr" else [0, 1, 2]
    scale = backbone["pixelScale"] / 255.0
    return transforms.Compose([transforms.Resize((size, size))] + ([transforms.RandomHorizontalFlip()] if train else []) + [
        transforms.PILToTensor(), transforms.Lambda(lambda x: x[order].float() * scale),
        transforms.Normalize(backbone["mean"], backbone["std"])])


def loader(dataset, batch_size, workers, shuffle=False):
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, num_workers=workers)


# ---- the method -----------------------------------------------------------------------------------------------------

def teacher_logits(teacher, paths, grid, flips, batch_size, workers):
    """The released recipe's teacher pass: every view of every image through the teacher, [N, 1 + G², C]."""
    views = 1 + grid * grid
    out = torch.empty(len(paths), views, teacher.classes.shape[0])
    for pixels, rows in loader(TeacherViews(paths, grid, teacher, flips), batch_size, workers):
        out[rows] = teacher.logits(pixels.flatten(0, 1)).view(len(rows), views, -1)
    return out.numpy()


def damp(logits, observed_class, temp, eta, top_k, threshold, negative_ratio):
    """DAMP (spec §4), as PseudoLabels/AggregatedScores.cs + LabelSelection.cs: float32, ties to the lower class."""
    s = np.exp((logits - logits.max(axis=2, keepdims=True)) / np.float32(temp))
    s /= s.sum(axis=2, keepdims=True)
    g, tiles = s[:, 0], s[:, 1:]
    rows = np.arange(len(g))
    bar = np.minimum(g[rows, observed_class], np.float32(eta))[:, None]
    final = 0.5 * (g + np.where(tiles.max(1) > bar, tiles.max(1), tiles.min(1)))
    mixed = 0.5 * (g + tiles.mean(1))
    labels = np.zeros(g.shape, np.int8)
    top = np.argsort(-final, axis=1, kind="stable")[:, :top_k]
    positive = np.take_along_axis(final, top, 1).astype(np.float64) >= threshold
    labels[np.repeat(rows[:, None], top.shape[1], 1)[positive], top[positive]] = 1
    lowest = np.argsort(mixed, axis=1, kind="stable")[:, :int(np.floor(negative_ratio * g.shape[1]))]
    negative = np.take_along_axis(labels, lowest, 1) != 1
    labels[np.repeat(rows[:, None], lowest.shape[1], 1)[negative], lowest[negative]] = -1
    return labels


def pseudo_label_quality(pseudo, observed, truth):
    """Spec §6: precision/recall/F1 (percent) of the pseudo-positives, the observed positive excluded."""
    unknown = observed != 1
    predicted, positive = (pseudo == 1) & unknown, (truth == 1) & unknown
    correct = (predicted & positive).sum()
    p = 100.0 * correct / max(predicted.sum(), 1)
    r = 100.0 * correct / max(positive.sum(), 1)
    return dict(precision=float(p), recall=float(r), f1=float(2 * p * r / (p + r)) if p + r > 0 else 0.0)


def gpr_weights(epoch, epochs, linear_init, beta, alpha):
    """Spec §3: K's schedule (w, b) lags V's (mu, sigma) by one epoch, as in the released code."""
    span = epochs - linear_init
    fb, fa = max(epoch - linear_init - 1, 0) / span, max(epoch - linear_init, 0) / span
    (w0, wmax, b0, bmax), (mu0, s0, mumax, smax) = beta, alpha
    return dict(w=w0 + (wmax - w0) * fb, b=b0 + (bmax - b0) * fb, mu=mu0 + (mumax - mu0) * fa, sigma=s0 + (smax - s0) * fa)


def gpr_settings(config):
    (q2, q3), (lam1, lam2) = config["q2q3"], config["lam"]
    return dict(q2=q2, q3=q3, rho=config["rho"], lam1=lam1, lam2=lam2, reg=config["reg"], k=config["expected_num_pos"])


def train_epoch(model, batches, observed, pseudo, optimizer, weights, settings, backbone_trains):
    """One pass of Adam steps on the GPR loss; linear_init epochs freeze the backbone and its batch-norm statistics."""
    model.train()
    model.backbone.train(backbone_trains)
    for parameter in model.backbone.parameters():
        parameter.requires_grad = backbone_trains
    total, count = 0.0, 0
    for images, rows in batches:
        loss = gpr_loss(model(images), observed[rows], pseudo[rows], **weights, **settings)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total, count = total + loss.item() * len(rows), count + len(rows)
    return total / count


@torch.no_grad()
def predict(model, batches, count):
    model.eval()
    scores = torch.empty(count, model.head.out_features, dtype=torch.float64)
    for images, rows in batches:
        scores[rows] = torch.sigmoid(model(images)).double()
    return scores.numpy()


# ---- the run --------------------------------------------------------------------------------------------------------

def run(args):
    inputs, config, _, train, val, test = load_inputs(args.inputs, args.config)
    epochs, size, bsize, grid = args.epochs or config["num_epochs"], config["image_size"], config["bsize"], config["grid_size"]
    workers = config["num_workers"] if args.workers is None else args.workers
    teacher = Teacher(args.inputs, inputs)
    model = Classifier(resnet18_dnn(args.inputs, inputs), train["labels"].shape[1])
    optimizer = torch.optim.Adam([
        dict(params=model.backbone.parameters(), lr=config["lr"]),
        dict(params=model.head.parameters(), lr=config["lr"] * config["lr_mult"])])
    observed = torch.from_numpy(train["observed"])
    observed_class = (train["observed"] == 1).argmax(1)
    train_set = Images(train["paths"], classifier_transform(size, inputs["backbone"], train=True))
    evaluate = {name: (Images(split["paths"], classifier_transform(size, inputs["backbone"], train=False)), split["labels"])
                for name, split in (("val", val), ("test", test))}
    flip_rng = np.random.RandomState(args.seed)
    history, best = [], dict(epoch=0, map=-np.inf, state=None, stale=0)
    for epoch in range(1, epochs + 1):
        clock = [time.perf_counter()]
        flips = flip_rng.rand(len(train["paths"]), 1 + grid * grid) < 0.5
        logits = teacher_logits(teacher, train["paths"], grid, flips, bsize, workers)
        clock.append(time.perf_counter())
        pseudo = damp(logits, observed_class, config["temp"], config["eta"], config["top_k"], config["threshold"], config["negative_ratio"])
        if not config.get("use_pl", True):
            pseudo[:] = 0  # as our trainer: GPR without pseudo-labels sees every unknown entry as neutral
        clock.append(time.perf_counter())
        loss = train_epoch(model, loader(train_set, bsize, workers, shuffle=True), observed, torch.from_numpy(pseudo).float(),
                           optimizer, gpr_weights(epoch, epochs, config["linear_init"], config["beta"], config["alpha"]),
                           gpr_settings(config), backbone_trains=epoch > config["linear_init"])
        clock.append(time.perf_counter())
        val_map = mean_average_precision(predict(model, loader(evaluate["val"][0], bsize, workers), len(val["paths"])), evaluate["val"][1])
        clock.append(time.perf_counter())
        seconds = np.diff(clock)
        history.append(dict(epoch=epoch, teacher_seconds=seconds[0], damp_seconds=seconds[1], train_seconds=seconds[2],
                            val_seconds=seconds[3], epoch_seconds=clock[-1] - clock[0], loss=loss, val_map=val_map,
                            pseudo_labels=pseudo_label_quality(pseudo, train["observed"], train["labels"])))
        print(json.dumps(history[-1]), flush=True)
        best = improved(best, epoch, val_map, model)
        if not args.no_early_stop and (best["stale"] >= 2 or best["map"] - val_map > 2.0):
            break  # spec §2 (Training/BestSoFar.cs): 2 epochs without improvement, or > 2 points below the best
    model.load_state_dict(best["state"])
    test_map = mean_average_precision(predict(model, loader(evaluate["test"][0], bsize, workers), len(test["paths"])), evaluate["test"][1])
    return report(args, inputs, config, epochs, workers, history, best, test_map)


def improved(best, epoch, val_map, model):
    if val_map > best["map"]:
        return dict(epoch=epoch, map=val_map, state=copy.deepcopy(model.state_dict()), stale=0)
    return dict(best, stale=best["stale"] + 1)


def report(args, inputs, config, epochs, workers, history, best, test_map):
    keys = ("teacher_seconds", "damp_seconds", "train_seconds", "val_seconds", "epoch_seconds")
    result = dict(
        settings=dict(inputs=os.path.abspath(args.inputs), dataset=inputs["dataset"]["options"], config=config, epochs=epochs,
                      threads=args.threads, workers=workers, seed=args.seed, torch=torch.__version__, early_stop=not args.no_early_stop),
        epochs=history, best_epoch=best["epoch"], best_val_map=best["map"], test_map=test_map,
        medians={key: statistics.median(e[key] for e in history) for key in keys})
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2, default=float)
    print(f"test mAP {test_map:.2f} (best val epoch {best['epoch']}: {best['map']:.2f}); medians per epoch: "
          + ", ".join(f"{k} {v:.2f}" for k, v in result["medians"].items()) + f"; wrote {args.out}")
    return result


# ---- checks ---------------------------------------------------------------------------------------------------------

def check(args):
    """This script's teacher, backbone and DAMP against ours on the same images (recipe-inputs' check/ folder), and its
    GPR loss, schedule and DAMP against the spec fixtures. Exit 1 when a difference exceeds 1e-3 or a label differs."""
    inputs, config, official, _, _, _ = load_inputs(args.inputs, args.config)
    spec, folder = inputs["check"], args.inputs
    n, grid, views = spec["images"], spec["grid"], 1 + spec["grid"] * spec["grid"]
    paths, teacher = official["paths"][:n], Teacher(folder, inputs)
    ours = np.load(os.path.join(folder, spec["teacherLogits"]))  # [n, V, 2 (plain, flipped), C]
    failures = []
    for variant in (0, 1):
        mine = teacher_logits(teacher, paths, grid, np.full((n, views), variant == 1), 8, 0)
        failures += compare(f"teacher logits, {'flipped' if variant else 'plain'} views", mine, ours[:, :, variant])
        if variant == 0:
            plain = mine
    backbone = resnet18_dnn(folder, inputs).eval()
    with torch.no_grad():
        images = torch.stack([classifier_transform(spec["imageSize"], inputs["backbone"], train=False)(Image.open(p).convert("RGB")) for p in paths])
        failures += compare("backbone features (eval, unflipped)", backbone(images).numpy(), np.load(os.path.join(folder, spec["backboneFeatures"])))
    settings = [config[k] for k in ("temp", "eta", "top_k", "threshold", "negative_ratio")]
    observed_class = (official["observed"][:n] == 1).argmax(1)
    our_labels = np.load(os.path.join(folder, spec["pseudoLabels"]))
    failures += same_labels("DAMP on our logits", damp(ours[:, :, 0].copy(), observed_class, *settings), our_labels)
    same_labels("DAMP on this script's logits (information: a near-tie may flip)", damp(plain, observed_class, *settings), our_labels)
    same_labels("DAMP on our logits in float16, as the pseudo-labeler stores them (information)",
                damp(ours[:, :, 0].astype(np.float16).astype(np.float32), observed_class, *settings), our_labels)
    failures += check_fixtures(os.path.join(HERE, "..", "..", "fixtures"))
    print("check: " + ("FAILED: " + "; ".join(failures) if failures else "all within tolerance"))
    return 1 if failures else 0


def compare(what, mine, ours, tolerance=1e-3):
    diff = np.abs(mine.astype(np.float64) - ours.astype(np.float64))
    print(f"{what}: shape {list(ours.shape)}, max |diff| {diff.max():.2e}, mean |diff| {diff.mean():.2e}")
    return [what] if diff.max() > tolerance else []


def same_labels(what, mine, ours):
    differ = int((mine != ours).sum())
    print(f"{what}: {differ} of {ours.size} labels differ")
    return [what] if differ else []


def check_fixtures(fixtures):
    """GPR loss + gradient, schedules and DAMP against the float64 fixtures of the spec (tests/fixtures)."""
    failures = []
    with open(os.path.join(fixtures, "gpr_loss.json")) as f:
        cases = [c for c in json.load(f)["cases"] if c["params"]["use_pl"]]  # reference_timings.gpr_loss has no use_pl switch
    worst = 0.0
    for case in cases:
        p = case["params"]
        logits = torch.tensor(case["logits"], dtype=torch.float64, requires_grad=True)
        loss = gpr_loss(logits, torch.tensor(case["observed"], dtype=torch.float64), torch.tensor(case["pseudo"], dtype=torch.float64),
                        p["w"], p["b"], p["mu"], p["sigma"], p["q2"], p["q3"], p["rho"], p["lam1"], p["lam2"], p["reg"], p["expected_num_pos"])
        loss.backward()
        tol = case.get("tolerance", {})
        bad = abs(loss.item() - case["expected_loss"]) > tol.get("atol_loss", 1e-5) + 1e-4 * abs(case["expected_loss"])
        grad = np.abs(logits.grad.numpy() - np.array(case["expected_grad"]))
        bad |= bool((grad > tol.get("atol_grad", 1e-5) + 1e-4 * np.abs(np.array(case["expected_grad"]))).any())
        worst = max(worst, abs(loss.item() - case["expected_loss"]), grad.max())
        failures += [f"fixture {case['name']}"] if bad else []
    print(f"fixtures gpr_loss: {len(cases)} use_pl cases, max |diff| (loss, grad) {worst:.1e}")
    with open(os.path.join(fixtures, "schedules.json")) as f:
        cases = json.load(f)["cases"]
    worst = max(abs(gpr_weights(c["epoch"], c["num_epochs"], c["linear_init"], c["beta"], c["alpha"])[k] - c["expected"][k])
                for c in cases for k in ("w", "b", "mu", "sigma"))
    print(f"fixtures schedules: {len(cases)} cases, max |diff| {worst:.1e}")
    failures += ["fixture schedules"] if worst > 1e-9 else []
    with open(os.path.join(fixtures, "damp.json")) as f:
        cases = json.load(f)["cases"]
    wrong = [c["name"] for c in cases if not np.array_equal(damp(
        np.array(c["view_logits"], np.float32), np.array(c["observed"]).argmax(1),
        *(c["params"][k] for k in ("temp", "eta", "top_k", "threshold", "negative_ratio"))), np.array(c["expected"]))]
    print(f"fixtures damp: {len(cases) - len(wrong)} of {len(cases)} cases exact")
    return failures + [f"fixture {name}" for name in wrong]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", help="the folder recipe-inputs wrote")
    parser.add_argument("--check", action="store_true", help="compare teacher, backbone and DAMP with ours, then exit")
    parser.add_argument("--config", help="hyper-parameters (default: the config recipe-inputs used; its val_frac and "
                        "split_seed are already in the split files), e.g. negative_ratio 0 for the released code's labels")
    parser.add_argument("--epochs", type=int, help="default: the config's num_epochs")
    parser.add_argument("--threads", type=int, default=2, help="torch intra-op threads")
    parser.add_argument("--workers", type=int, help="DataLoader workers; default: the config's num_workers")
    parser.add_argument("--seed", type=int, default=1200)
    parser.add_argument("--no-early-stop", action="store_true", help="run every epoch (spec §2 stops early)")
    parser.add_argument("--out", default="paper_recipe.json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    if args.check:
        sys.exit(check(args))
    run(args)


if __name__ == "__main__":
    main()
