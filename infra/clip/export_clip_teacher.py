#!/usr/bin/env python3
"""Export a CLIP teacher in the files the AEVLP pseudo-labeler loads (see README.md beside this script).

    python3 export_clip_teacher.py --classnames ../../configs/reference/classnames/voc_labels.txt --out out/clip-vit-b16-voc

writes into --out:
    encoder.onnx          CLIP image encoder: input "pixels" [batch, 3, S, S] float32 -> output "embedding" [batch, D]
    class_embeddings.npy  float32 [C, D]: text embeddings of "a photo of a {class}." (L2-normalised)
    teacher.json          input/output names, input size, CLIP's mean/std (RGB, pixels in [0, 1]), D, class names
    relation.npy          only with --relation: the [C, C] label relations; teacher.json then asks the platform to
                          refine the class embeddings with its frozen random 3-layer GCN (seeded by --relation-seed)

Needs network access once to download the weights (open_clip or OpenAI's clip package, plus torch and onnx);
the AEVLP machines are offline, so run it elsewhere and upload the folder to blob storage as teachers/{name}/.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

# CLIP's own image statistics (RGB, pixels scaled to [0, 1]); every released CLIP model uses them.
CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]
PROMPT = "a photo of a {}."


class ImageEncoder(torch.nn.Module):
    """Only the image tower, float32, so ONNX Runtime on a CPU can run it."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, pixels):
        return self.model.encode_image(pixels).float()


def load_model(backend, name, pretrained):
    """Returns (model, tokenize, input size). open_clip names the model 'ViT-B-16', OpenAI's clip 'ViT-B/16'."""
    if backend == "open_clip":
        import open_clip
        model, _, _ = open_clip.create_model_and_transforms(name, pretrained=pretrained, device="cpu")
        tokenize = open_clip.get_tokenizer(name)
        size = model.visual.image_size
    else:
        import clip
        model, _ = clip.load(name.replace("ViT-B-16", "ViT-B/16"), device="cpu", jit=False)
        tokenize = clip.tokenize
        size = model.visual.input_resolution
    size = size[0] if isinstance(size, (tuple, list)) else size
    return model.float().eval(), tokenize, int(size)


def read_classnames(path):
    with open(path, encoding="utf-8") as f:
        names = [line.strip() for line in f if line.strip()]
    if not names:
        sys.exit(f"error: {path} holds no class names (expected one per line)")
    return names


@torch.no_grad()
def text_embeddings(model, tokenize, classnames):
    tokens = tokenize([PROMPT.format(name) for name in classnames])
    embeddings = model.encode_text(tokens).float()
    return torch.nn.functional.normalize(embeddings, dim=-1).numpy().astype(np.float32)


def export_encoder(model, size, path):
    encoder = ImageEncoder(model).eval()
    example = torch.rand(2, 3, size, size)
    torch.onnx.export(encoder, example, path, input_names=["pixels"], output_names=["embedding"],
                      dynamic_axes={"pixels": {0: "batch"}, "embedding": {0: "batch"}}, opset_version=17,
                      do_constant_folding=True)
    with torch.no_grad():
        expected = encoder(example).numpy()
    return example.numpy(), expected


def check_with_onnxruntime(path, example, expected):
    """Compares ONNX Runtime with PyTorch on the export's example input, when onnxruntime is installed."""
    try:
        import onnxruntime
    except ImportError:
        print("onnxruntime not installed: skipped the ONNX Runtime check")
        return
    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    actual = session.run(["embedding"], {"pixels": example})[0]
    diff = float(np.abs(actual - expected).max())
    print(f"ONNX Runtime vs PyTorch: max |diff| {diff:.2e}")
    if diff > 1e-3:
        sys.exit(f"error: the exported encoder disagrees with PyTorch (max |diff| {diff})")


def write_teacher(out, name, size, classnames, embeddings, relation, relation_seed):
    metadata = {
        "name": name,
        "inputName": "pixels",
        "outputName": "embedding",
        "inputSize": size,
        "mean": CLIP_MEAN,
        "std": CLIP_STD,
        "channelOrder": "rgb",
        "pixelScale": 1.0,
        "embeddingDim": int(embeddings.shape[1]),
        "classes": classnames,
        "preprocessor": None,
        "labelRelation": None,
    }
    np.save(os.path.join(out, "class_embeddings.npy"), embeddings)
    if relation is not None:
        matrix = np.load(relation).astype(np.float32)
        if matrix.shape != (len(classnames), len(classnames)):
            sys.exit(f"error: {relation} has shape {matrix.shape}, expected ({len(classnames)}, {len(classnames)})")
        np.save(os.path.join(out, "relation.npy"), matrix)
        metadata["labelRelation"] = {"seed": relation_seed}
    with open(os.path.join(out, "teacher.json"), "w", encoding="utf-8") as f:
        json.dump(metadata, f, indent=2)
        f.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--classnames", required=True, help="one class name per line (configs/reference/classnames/*.txt)")
    parser.add_argument("--out", required=True, help="output folder; its name is the teacher name unless --name is given")
    parser.add_argument("--name", help="teacher name in teacher.json (default: the output folder's name)")
    parser.add_argument("--backend", choices=["open_clip", "clip"], default="open_clip")
    parser.add_argument("--model", default="ViT-B-16", help="the paper uses ViT-B/16")
    parser.add_argument("--pretrained", default="openai", help="open_clip weights tag (the paper: OpenAI's)")
    parser.add_argument("--relation", help="optional [C, C] label relations (configs/reference/relation/*.npy)")
    parser.add_argument("--relation-seed", type=int, default=0, help="seed of the platform's frozen random GCN")
    args = parser.parse_args()

    classnames = read_classnames(args.classnames)
    os.makedirs(args.out, exist_ok=True)
    name = args.name or os.path.basename(os.path.normpath(args.out))
    model, tokenize, size = load_model(args.backend, args.model, args.pretrained)
    embeddings = text_embeddings(model, tokenize, classnames)
    encoder_path = os.path.join(args.out, "encoder.onnx")
    example, expected = export_encoder(model, size, encoder_path)
    check_with_onnxruntime(encoder_path, example, expected)
    write_teacher(args.out, name, size, classnames, embeddings, args.relation, args.relation_seed)
    print(f"wrote teacher '{name}' ({len(classnames)} classes, {embeddings.shape[1]}-d, {size}px) to {args.out}")


if __name__ == "__main__":
    main()
