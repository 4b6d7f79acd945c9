"""PyTorch reference for the `teacher-clip` benchmark (docs/benchmarks.md "A CLIP-sized teacher").

The same network as make_vit_teacher.py (torchvision vit_b_16 with a 768 -> 512 projection, random weights: speed does not
depend on them), eval mode, no_grad, float32, 224 px, on 64 ready views in batches of 1, 8 and 32: eager, and at PyTorch's
inference best, torch.jit.optimize_for_inference of the traced model (freezing, operator fusion, MKL-DNN where it applies).
Same method as Measure.cs: one warm-up, then the median of N timed runs.
Usage: /usr/bin/python3 teacher_clip_benchmark.py [--threads 2] [--runs 3]
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_vit_teacher import SIZE, vit_b16_image_tower  # noqa: E402
from reference_timings import time_batches  # noqa: E402

VIEWS = 64


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    model = vit_b16_image_tower().eval()
    views = torch.rand(VIEWS, 3, SIZE, SIZE) * 4 - 2
    with torch.no_grad():
        optimized = torch.jit.optimize_for_inference(torch.jit.trace(model, views[:8]))
        for name, network in (("eager", model), ("optimize_for_inference", optimized)):
            time_batches(f"vit_b_16 {name}", network, views, (1, 8, 32), args.runs, args.threads)


if __name__ == "__main__":
    main()
