"""PIL + torchvision baseline for the `loader` benchmark (docs/benchmarks.md, "Data loading").

Same work as the C# ImageBatchLoader: decode the JPEGs written by the C# benchmark, Resize((448, 448))
(PIL bilinear), RandomHorizontalFlip, ToTensor, Normalize(ImageNet), batches of 16, N DataLoader workers.
Run with Debian's python (python3-torch, python3-torchvision, python3-pil):
    /usr/bin/python3 tests/Aevlp.Benchmarks/python/loader_benchmark.py /tmp/aevlp-loader-benchmark --workers 2 --runs 7
"""
import argparse
import glob
import os
import statistics
import time

import torch
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms


class Jpegs(Dataset):
    def __init__(self, paths):
        self.paths = paths
        self.tx = transforms.Compose([
            transforms.Resize((448, 448)),
            transforms.RandomHorizontalFlip(0.5),
            transforms.ToTensor(),
            transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
        ])

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        with Image.open(self.paths[i]) as raw:
            return self.tx(raw.convert("RGB"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    torch.set_num_threads(1)  # the workers are the parallelism, as in the C# loader
    paths = sorted(glob.glob(os.path.join(args.folder, "*.jpg")))
    loader = DataLoader(Jpegs(paths), batch_size=16, shuffle=True, num_workers=args.workers,
                        persistent_workers=True)

    def epoch():
        for _ in loader:
            pass

    epoch()  # warm-up: starts the workers and fills the page cache
    seconds = []
    for _ in range(args.runs):
        start = time.perf_counter()
        epoch()
        seconds.append(time.perf_counter() - start)
    median = statistics.median(seconds)
    print(f"torchvision: median {median * 1000:.1f} ms (min {min(seconds) * 1000:.1f}, max {max(seconds) * 1000:.1f}, "
          f"n={args.runs}) per epoch of {len(paths)} images -> {len(paths) / median:.1f} images/s "
          f"(torch {torch.__version__}, {args.workers} workers)")


if __name__ == "__main__":
    main()
