#!/usr/bin/python3
"""Writes the tiny ONNX image encoders the teacher tests load (committed beside this script).

Run with Debian's python3-onnx (apt-get install python3-onnx): /usr/bin/python3 make_tiny_encoders.py
Both encoders map pixels [batch, 3, 8, 8] -> embedding [batch, 4] by Flatten -> MatMul -> Add. The weights
depend on pixel position, so a flipped or mis-cropped view gives a different embedding (a global pooling
would hide such mistakes). tiny_dynamic.onnx has a symbolic batch dimension, tiny_fixed.onnx batch 1.
"""
import os
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

SIZE, DIM = 8, 4


def encoder(batch):
    rng = np.random.default_rng(7)
    weights = rng.standard_normal((3 * SIZE * SIZE, DIM)).astype(np.float32)
    bias = rng.standard_normal(DIM).astype(np.float32)
    graph = helper.make_graph(
        [
            helper.make_node("Flatten", ["pixels"], ["flat"], axis=1),
            helper.make_node("MatMul", ["flat", "weights"], ["projected"]),
            helper.make_node("Add", ["projected", "bias"], ["embedding"]),
        ],
        "tiny_encoder",
        [helper.make_tensor_value_info("pixels", TensorProto.FLOAT, [batch, 3, SIZE, SIZE])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, [batch, DIM])],
        [numpy_helper.from_array(weights, "weights"), numpy_helper.from_array(bias, "bias")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="aevlp-tests")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


here = os.path.dirname(os.path.abspath(__file__))
onnx.save(encoder("batch"), os.path.join(here, "tiny_dynamic.onnx"))
onnx.save(encoder(1), os.path.join(here, "tiny_fixed.onnx"))
