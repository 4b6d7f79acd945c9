"""PyTorch reference for the `teacher` benchmark (docs/benchmarks.md "Teacher and pseudo-labels").

The demo teacher's network in PyTorch: ResNet-18 layout with [2, 2, 2, 3] basic blocks (the CNTK export in
Microsoft.ML.DnnImageFeaturizer.ResNet18 has one more block in its last stage than torchvision's resnet18),
pooled 512-d features, no classifier; eval mode, no_grad, float32, 224 px. Random weights: speed does not depend
on them. Same method as Measure.cs: warm-up, then the median of N timed runs of 32 views.
Usage: /usr/bin/python3 teacher_benchmark.py [--threads 2] [--runs 7]
"""
import argparse

import torch
from torchvision.models.resnet import BasicBlock, ResNet

from reference_timings import median_seconds

VIEWS = 32


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    model = ResNet(BasicBlock, [2, 2, 2, 3])
    model.fc = torch.nn.Identity()
    model.eval()
    views = torch.rand(VIEWS, 3, 224, 224) * 255
    with torch.no_grad():
        for batch in (1, 8, 32):
            def run():
                for start in range(0, VIEWS, batch):
                    model(views[start:start + batch])
            median, low, high = median_seconds(run, args.runs, warmups=1)
            print(f"pytorch {torch.__version__} resnet18[2,2,2,3] batch {batch:2d}: median {median * 1000:.1f} ms "
                  f"(min {low * 1000:.1f}, max {high * 1000:.1f}) per {VIEWS} views -> {VIEWS / median:.1f} views/s "
                  f"(threads {args.threads})")


if __name__ == "__main__":
    main()
