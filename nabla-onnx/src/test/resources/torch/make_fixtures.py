#!/usr/bin/python3
"""Writes the PyTorch fixtures of nabla-onnx's tests, with Debian's python3-torch (1.13) and
python3-onnx (1.12):

  mlp.onnx              torch.onnx.export of a small nn.Sequential (opset 14, Gemm layers)
  mlp-matmul.onnx       the same graph with each Gemm rewritten as MatMul + Add, the form
                        torch.onnx.export writes for a Linear whose input is not 2-D
  mlp.safetensors       the same model's state_dict, in the safetensors layout
  mlp.json              the fixed input, PyTorch's outputs on it, and the layer spec for Nabla
  mlp64.onnx            the same model in float64 (model.double()), and in mlp.json its outputs

Run from this folder: /usr/bin/python3 make_fixtures.py
"""
import copy
import json
import struct

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper

torch.manual_seed(20261201)

model = torch.nn.Sequential(
    torch.nn.Flatten(),
    torch.nn.Linear(4, 8),
    torch.nn.BatchNorm1d(8),
    torch.nn.LeakyReLU(-0.2),
    torch.nn.Linear(8, 6),
    torch.nn.GELU(),
    torch.nn.Dropout(0.1),
    torch.nn.Linear(6, 5),
    torch.nn.ELU(0.5),
    torch.nn.Linear(5, 5),
    torch.nn.Softplus(),
    torch.nn.Linear(5, 4),
    torch.nn.Tanh(),
    torch.nn.Linear(4, 4),
    torch.nn.Sigmoid(),
    torch.nn.Identity(),
    torch.nn.Linear(4, 3),
    torch.nn.ReLU(),
    torch.nn.Linear(3, 3),
)
# A few training-mode passes move the batch-norm running statistics away from 0 and 1.
model.train()
with torch.no_grad():
    for _ in range(5):
        model(torch.randn(32, 4) * 2 + 1)
model.eval()

inputs = torch.randn(6, 4)
with torch.no_grad():
    outputs = model(inputs)

torch.onnx.export(
    model,
    inputs,
    "mlp.onnx",
    input_names=["x"],
    output_names=["y"],
    dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}},
    opset_version=14,
)

# The same model in float64: a double graph, its constants double too.
model64 = copy.deepcopy(model).double()
inputs64 = inputs.double()
with torch.no_grad():
    outputs64 = model64(inputs64)
torch.onnx.export(
    model64,
    inputs64,
    "mlp64.onnx",
    input_names=["x"],
    output_names=["y"],
    dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}},
    opset_version=14,
)

# The MatMul + Add form: B = Wᵀ as a [in × out] initializer, then the bias added.
graph = onnx.load("mlp.onnx")
initializers = {i.name: i for i in graph.graph.initializer}
nodes = []
for node in graph.graph.node:
    if node.op_type != "Gemm":
        nodes.append(node)
        continue
    weights = numpy_helper.to_array(initializers[node.input[1]])
    transposed = numpy_helper.from_array(np.ascontiguousarray(weights.T), node.input[1] + ".T")
    graph.graph.initializer.append(transposed)
    product = node.output[0] + ".product"
    nodes.append(helper.make_node("MatMul", [node.input[0], transposed.name], [product]))
    nodes.append(helper.make_node("Add", [product, node.input[2]], [node.output[0]]))
del graph.graph.node[:]
graph.graph.node.extend(nodes)
onnx.checker.check_model(graph)
onnx.save(graph, "mlp-matmul.onnx")

# safetensors: 8-byte little-endian header length, JSON header, then the tensors' bytes.
state = {name: tensor.detach().numpy() for name, tensor in model.state_dict().items()
         if not name.endswith("num_batches_tracked")}
header = {}
data = b""
for name, array in state.items():
    raw = np.ascontiguousarray(array, dtype="<f4").tobytes()
    header[name] = {"dtype": "F32", "shape": list(array.shape),
                    "data_offsets": [len(data), len(data) + len(raw)]}
    data += raw
header_bytes = json.dumps(header).encode("utf-8")
header_bytes += b" " * ((8 - len(header_bytes) % 8) % 8)
with open("mlp.safetensors", "wb") as out:
    out.write(struct.pack("<Q", len(header_bytes)) + header_bytes + data)

with open("mlp.json", "w") as out:
    json.dump({
        "torch": torch.__version__,
        "onnx": onnx.__version__,
        "layers": "8, batchnorm, activation(activation=leaky_relu(-0.2)), 6:gelu, dropout:0.1,"
                  " 5:elu(0.5), 5:softplus, 4:tanh, 4:sigmoid, 3:relu, 3",
        "inputs": inputs.tolist(),
        "outputs": outputs.tolist(),
        "outputs64": outputs64.tolist(),
    }, out, indent=1)
    out.write("\n")
