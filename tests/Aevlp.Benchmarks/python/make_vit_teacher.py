#!/usr/bin/python3
"""A CLIP-sized teacher for the `teacher-clip` benchmark and the teacher import test: torchvision's vit_b_16 (12 layers,
768 wide, 224 px) with a 768 -> 512 projection in place of its classifier, as CLIP ViT-B/16's image tower ends, random
weights (no download). Written in infra/clip's teacher format with infra/clip/export_clip_teacher.py's own functions, plus
a reference batch for the parity check:

    /usr/bin/python3 make_vit_teacher.py OUT [--classnames configs/reference/classnames/voc_labels.txt]

OUT/teacher/            teacher.json, encoder.onnx (dynamic batch), class_embeddings.npy (random unit vectors)
OUT/reference/          input.npy [2, 3, 224, 224] and PyTorch's embedding.npy [2, 512] of it (eval mode)

Debian's torch 1.13 cannot export vit_b_16 in eval mode (aten::_native_multi_head_attention has no ONNX symbolic), so it
is exported in train mode with every Dropout kept as a node (all of vit_b_16's are p = 0) and each Dropout is then replaced
by an Identity: the graph computes the eval-mode forward.
"""
import argparse
import os
import sys

import numpy as np
import onnx
import torch
import torchvision

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", "..", ".."))
sys.path.insert(0, os.path.join(root, "infra", "clip"))
import export_clip_teacher as export  # noqa: E402

SIZE, WIDTH, EMBEDDING = 224, 768, 512


def vit_b16_image_tower():
    torch.manual_seed(0)
    model = torchvision.models.vit_b_16(weights=None)
    model.heads = torch.nn.Linear(WIDTH, EMBEDDING, bias=False)
    return model


def export_encoder(model, path):
    model.train()
    example = torch.rand(2, 3, SIZE, SIZE)
    torch.onnx.export(model, example, path, input_names=["pixels"], output_names=["embedding"],
                      dynamic_axes={"pixels": {0: "batch"}, "embedding": {0: "batch"}}, opset_version=14,
                      training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False)
    graph = onnx.load(path)
    for node in graph.graph.node:
        if node.op_type == "Dropout":
            del node.input[1:]
            del node.output[1:]
            del node.attribute[:]
            node.op_type = "Identity"
    # The Dropouts' ratio and training-mode constants are unused now; ONNX Runtime would warn about each on every load.
    used = {name for node in graph.graph.node for name in node.input}
    unused = [i for i in graph.graph.initializer if i.name not in used]
    for initializer in unused:
        graph.graph.initializer.remove(initializer)
    constants = [n for n in graph.graph.node if n.op_type == "Constant" and not any(o in used for o in n.output)]
    for node in constants:
        graph.graph.node.remove(node)
    onnx.checker.check_model(graph)
    onnx.save(graph, path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--classnames", default=os.path.join(root, "configs", "reference", "classnames", "voc_labels.txt"))
    args = parser.parse_args()
    teacher, reference = os.path.join(args.out, "teacher"), os.path.join(args.out, "reference")
    os.makedirs(teacher, exist_ok=True)
    os.makedirs(reference, exist_ok=True)

    model = vit_b16_image_tower()
    export_encoder(model, os.path.join(teacher, "encoder.onnx"))
    model.eval()
    pixels = torch.linspace(-2, 2, 2 * 3 * SIZE * SIZE).reshape(2, 3, SIZE, SIZE)
    with torch.no_grad():
        embedding = model(pixels)
    np.save(os.path.join(reference, "input.npy"), pixels.numpy())
    np.save(os.path.join(reference, "embedding.npy"), embedding.numpy())

    classnames = export.read_classnames(args.classnames)
    rows = np.random.RandomState(0).randn(len(classnames), EMBEDDING).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    export.write_teacher(teacher, "vit-b16-random", SIZE, classnames, rows, None, 0)
    print(f"wrote {teacher} ({len(classnames)} classes) and {reference}")


if __name__ == "__main__":
    main()
