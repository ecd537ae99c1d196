#!/usr/bin/env python3
"""The reference MLP written by hand in numpy: 784-256-128-10, ReLU, softmax cross-entropy,
float32, mini-batches of 128, SGD with momentum 0.9 (PyTorch's rule) or Adam, He-uniform weights
as PyTorch's nn.Linear draws them. Prints one JSON line: samples/s per epoch, test accuracy.

    /usr/bin/python3 bench/numpy_mlp.py --epochs 3 --optimizer momentum --threads 2
"""
import argparse
import json
import os
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=3)
parser.add_argument("--batch-size", type=int, default=128)
parser.add_argument("--optimizer", choices=["momentum", "adam"], default="momentum")
parser.add_argument("--lr", type=float, default=None)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--seed", type=int, default=1)
args = parser.parse_args()
# OpenBLAS reads its thread count when numpy loads, so it is set before the import.
os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402

import mnist  # noqa: E402

rng = np.random.default_rng(args.seed)
train_x, train_y, test_x, test_y = mnist.load()
sizes = [784, 256, 128, 10]
params = []
for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
    bound = 1 / np.sqrt(fan_in)
    params.append(rng.uniform(-bound, bound, (fan_out, fan_in)).astype(np.float32))
    params.append(rng.uniform(-bound, bound, fan_out).astype(np.float32))
lr = args.lr if args.lr is not None else (0.05 if args.optimizer == "momentum" else 1e-3)
state = [np.zeros_like(p) for p in params]
state2 = [np.zeros_like(p) for p in params]
step = 0


def forward(x):
    a = [x]
    for layer in range(3):
        z = a[-1] @ params[2 * layer].T + params[2 * layer + 1]
        a.append(np.maximum(z, 0) if layer < 2 else z)
    return a


def train_step(x, y):
    global step
    a = forward(x)
    logits = a[-1]
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    delta = p
    delta[np.arange(len(y)), y] -= 1
    delta /= len(y)
    grads = [None] * 6
    for layer in (2, 1, 0):
        grads[2 * layer] = delta.T @ a[layer]
        grads[2 * layer + 1] = delta.sum(axis=0)
        if layer > 0:
            delta = (delta @ params[2 * layer]) * (a[layer] > 0)
    step += 1
    for i, g in enumerate(grads):
        if args.optimizer == "momentum":
            state[i] = g if step == 1 else 0.9 * state[i] + g
            params[i] -= lr * state[i]
        else:
            state[i] = 0.9 * state[i] + 0.1 * g
            state2[i] = 0.999 * state2[i] + 0.001 * g * g
            denom = np.sqrt(state2[i]) / np.sqrt(1 - 0.999 ** step) + 1e-8
            params[i] -= (lr / (1 - 0.9 ** step)) * state[i] / denom


rates = []
for epoch in range(args.epochs):
    order = rng.permutation(len(train_x))
    start = time.perf_counter()
    for begin in range(0, len(order), args.batch_size):
        batch = order[begin:begin + args.batch_size]
        train_step(train_x[batch], train_y[batch])
    rates.append(len(train_x) / (time.perf_counter() - start))
accuracy = float((forward(test_x)[-1].argmax(axis=1) == test_y).mean())
print(json.dumps({"system": "numpy", "threads": args.threads, "optimizer": args.optimizer,
                  "samples_per_second": rates, "test_accuracy": accuracy}))
