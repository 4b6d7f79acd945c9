"""Python reference timings for the `map` and `loss` benchmarks (docs/benchmarks.md).

Same inputs shapes, same method as tests/Aevlp.Benchmarks/Measure.cs: 2 warm-ups, median of N timed runs.
Usage: python3 reference_timings.py [--runs 7] [--threads 2]
"""
import argparse
import statistics
import time

import numpy as np
import torch
from sklearn.metrics import average_precision_score

IMAGES, MAP_CLASSES, POSITIVE_RATE = 50_000, 80, 0.036
BATCH, LOSS_CLASSES, CALLS_PER_RUN = 16, 312, 200
EPS = 1e-7


def median_seconds(action, runs, warmups=2):
    for _ in range(warmups):
        action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def time_batches(label, network, views, batches, runs, threads):
    """Prints how fast `network` embeds `views` in batches of each size: the teacher benchmarks' PyTorch side."""
    for batch in batches:
        def run():
            for start in range(0, len(views), batch):
                network(views[start:start + batch])
        median, low, high = median_seconds(run, runs, warmups=1)
        print(f"pytorch {torch.__version__} {label} batch {batch:2d}: median {median * 1000:.1f} ms "
              f"(min {low * 1000:.1f}, max {high * 1000:.1f}) per {len(views)} views -> {len(views) / median:.2f} views/s "
              f"(threads {threads})")


def mean_average_precision(scores, truth):
    aps = [average_precision_score(truth[:, c], scores[:, c]) if truth[:, c].any() else 0.0
           for c in range(scores.shape[1])]
    return 100.0 * float(np.mean(aps))


def gpr_loss(logits, observed, pseudo, w, b, mu, sigma, q2, q3, rho, lam1, lam2, reg, k):
    """Spec section 3, written as the research code writes it."""
    p = torch.sigmoid(logits)
    pd = p.detach()
    K = torch.sigmoid(w * pd + b)
    V = torch.exp(-0.5 * ((pd - mu) / sigma) ** 2)
    nl = lambda x: -torch.log(x + EPS)
    l1 = (1 - p ** q2) / q2
    l2 = (1 - (1 - p) ** q3) / q3
    vc = V.clamp(1 - lam1, 1 - lam2)
    zero = torch.zeros_like(p)
    obs = observed == 1
    loss = torch.where(obs, nl(p), zero)
    loss = loss + torch.where(~obs & (pseudo == 1), (1 - vc) * (rho * nl(p) + (1 - rho) * nl(1 - p)), zero)
    loss = loss + torch.where(~obs & (pseudo == -1), V * nl(1 - p), zero)
    loss = loss + torch.where(~obs & (pseudo == 0), V * (K * l1 + (1 - K) * l2), zero)
    return loss.mean() + reg * (p.sum(1).mean() - k) ** 2 / p.shape[1] ** 2


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    rng = np.random.RandomState(1200)
    scores = rng.rand(IMAGES, MAP_CLASSES)
    truth = (rng.rand(IMAGES, MAP_CLASSES) < POSITIVE_RATE).astype(np.int8)
    med, lo, hi = median_seconds(lambda: mean_average_precision(scores, truth), args.runs)
    print(f"map (sklearn {__import__('sklearn').__version__}, one process): "
          f"median {med * 1e3:.2f} ms (min {lo * 1e3:.2f}, max {hi * 1e3:.2f}, n={args.runs})")

    gen = torch.Generator().manual_seed(1200)
    logits = torch.randn(BATCH, LOSS_CLASSES, generator=gen).requires_grad_()
    observed = torch.zeros(BATCH, LOSS_CLASSES)
    observed[torch.arange(BATCH), torch.arange(BATCH) * 7 % LOSS_CLASSES] = 1
    pseudo = torch.randint(-1, 2, (BATCH, LOSS_CLASSES), generator=gen).float()
    params = dict(w=5.0, b=-5.0, mu=0.68, sigma=1.1, q2=0.01, q3=1.5, rho=0.9, lam1=0.8, lam2=0.2, reg=0.01, k=31.4)

    def calls():
        for _ in range(CALLS_PER_RUN):
            logits.grad = None
            gpr_loss(logits, observed, pseudo, **params).backward()

    med, lo, hi = median_seconds(calls, args.runs)
    print(f"loss (PyTorch {torch.__version__}): median {med * 1e3:.2f} ms (min {lo * 1e3:.2f}, max {hi * 1e3:.2f}, "
          f"n={args.runs}) per {CALLS_PER_RUN} calls; median {med / CALLS_PER_RUN * 1e6:.1f} µs per call")


if __name__ == "__main__":
    main()
