"""PyTorch side of the `trainstep` benchmark (docs/benchmarks.md, "Training step").

One training step as tests/Aevlp.Benchmarks/TrainStepBenchmark.cs does it: torchvision ResNet with a C-way
linear head, forward, GPR loss (pascal's hyper-parameters), backward, Adam with the head at lr x lr_mult.
Same method as Measure.cs: 2 warm-ups, median of N timed steps.
Usage: python3 trainstep_benchmark.py [--runs 7] [--threads 2]
"""
import argparse

import torch
import torchvision

from reference_timings import gpr_loss, median_seconds

CLASSES, BATCH, LR, LR_MULT = 20, 8, 1e-5, 10
CASES = [("resnet18", 64), ("resnet18", 224), ("resnet50", 224)]


def train_step_seconds(arch, size, runs):
    torch.manual_seed(1200)
    model = getattr(torchvision.models, arch)(weights=None)
    model.fc = torch.nn.Linear(model.fc.in_features, CLASSES)
    model.train()
    head = list(model.fc.parameters())
    backbone = [p for n, p in model.named_parameters() if not n.startswith("fc.")]
    optimizer = torch.optim.Adam([{"params": backbone, "lr": LR}, {"params": head, "lr": LR * LR_MULT}], lr=LR)
    images = torch.randn(BATCH, 3, size, size)
    observed = torch.zeros(BATCH, CLASSES)
    observed[torch.arange(BATCH), torch.arange(BATCH) % CLASSES] = 1
    pseudo = torch.randint(-1, 2, (BATCH, CLASSES)).float()

    def step():
        loss = gpr_loss(model(images), observed, pseudo, w=1.0, b=-2.0, mu=0.6, sigma=1.0,
                        q2=0.01, q3=1.0, rho=0.9, lam1=0.7, lam2=0.4, reg=0.05, k=1.5)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    return median_seconds(step, runs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    for arch, size in CASES:
        median, low, high = train_step_seconds(arch, size, args.runs)
        print(f"trainstep {arch} {size}px batch {BATCH} (PyTorch {torch.__version__}, {args.threads} threads): "
              f"median {median * 1000:.1f} ms (min {low * 1000:.1f}, max {high * 1000:.1f}, n={args.runs})")


if __name__ == "__main__":
    main()
