#!/usr/bin/python3
"""Runs infra/clip/export_clip_teacher.py's export functions on a tiny stand-in for CLIP, so the tests can check
that the platform loads exactly what the exporter writes (teacher.json, encoder.onnx, class_embeddings.npy,
relation.npy). The real CLIP export needs network access; this needs only Debian's python3-torch and python3-onnx:

    /usr/bin/python3 make_clip_format_teacher.py                 # writes clip_format/ beside this script
    /usr/bin/python3 make_clip_format_teacher.py --out DIR       # the same teacher into DIR (the end-to-end test's "export")
"""
import argparse
import os
import sys

import torch

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", "..", "..", ".."))
sys.path.insert(0, os.path.join(root, "infra", "clip"))
import export_clip_teacher as export  # noqa: E402


class TinyClip(torch.nn.Module):
    """encode_image and encode_text with CLIP's signatures; 32 px images, 6-d embeddings."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3, stride=4)
        self.image_projection = torch.nn.Linear(8, 6)
        self.token_embedding = torch.nn.Embedding(100, 6)

    def encode_image(self, pixels):
        return self.image_projection(self.conv(pixels).mean((2, 3)))

    def encode_text(self, tokens):
        return self.token_embedding(tokens).mean(1)


def tokenize(prompts):
    return torch.tensor([[sum(map(ord, p)) % 100, len(p) % 100, 1, 2] for p in prompts])


torch.manual_seed(0)
model = TinyClip().eval()
parser = argparse.ArgumentParser()
parser.add_argument("--out", help="named after its folder, as the exporter names it (default: clip_format/ beside this script)")
out = parser.parse_args().out
name = os.path.basename(os.path.normpath(out)) if out else "clip-format-voc"
out = out or os.path.join(here, "clip_format")
os.makedirs(out, exist_ok=True)
classnames = export.read_classnames(os.path.join(root, "configs", "reference", "classnames", "voc_labels.txt"))
embeddings = export.text_embeddings(model, tokenize, classnames)
export.export_encoder(model, 32, os.path.join(out, "encoder.onnx"))
export.write_teacher(out, name, 32, classnames, embeddings,
                     os.path.join(root, "configs", "reference", "relation", "relation_voc.npy"), 7)
