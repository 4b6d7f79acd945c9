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

from reference_timings import time_batches

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
        time_batches("resnet18[2,2,2,3]", model, views, (1, 8, 32), args.runs, args.threads)


if __name__ == "__main__":
    main()
