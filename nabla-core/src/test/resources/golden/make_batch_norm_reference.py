#!/usr/bin/env python3
"""Writes batch-norm-reference.json: PyTorch's BatchNorm1d in float64, the golden values that
BatchNormTest reproduces: output, gradients and running statistics after one training batch,
then output and input gradient in inference mode. Run from this folder:
    /usr/bin/python3 make_batch_norm_reference.py
"""
import json

import torch

torch.set_default_dtype(torch.float64)
X = [[0.5, -1.0, 2.0], [1.5, 0.2, -0.3], [-0.7, 0.9, 0.1], [0.0, -0.4, 1.2], [2.2, 1.1, -1.5]]
UPSTREAM = [[0.3, -0.2, 0.5], [0.1, 0.4, -0.6], [-0.5, 0.2, 0.3], [0.7, -0.1, 0.0], [0.2, 0.3, -0.4]]
SCALE, SHIFT = [1.5, 0.5, -1.0], [0.1, 0.2, -0.3]


def run(training):
    layer = torch.nn.BatchNorm1d(3)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(SCALE))
        layer.bias.copy_(torch.tensor(SHIFT))
    if not training:
        layer.train()
        layer(torch.tensor(X))  # one training batch moves the running statistics
    layer.train(training)
    x = torch.tensor(X, requires_grad=True)
    y = layer(x)
    y.backward(torch.tensor(UPSTREAM))
    return {"output": y.tolist(), "input_gradient": x.grad.tolist(),
            "scale_gradient": layer.weight.grad.tolist(), "shift_gradient": layer.bias.grad.tolist(),
            "running_mean": layer.running_mean.tolist(), "running_variance": layer.running_var.tolist()}


with open("batch-norm-reference.json", "w") as out:
    json.dump({"about": "torch.nn.BatchNorm1d(3) in float64; written by make_batch_norm_reference.py",
               "torch_version": torch.__version__, "input": X, "upstream_gradient": UPSTREAM,
               "scale": SCALE, "shift": SHIFT, "training": run(True), "inference": run(False)},
              out, indent=1)
    out.write("\n")
