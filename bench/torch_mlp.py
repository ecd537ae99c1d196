#!/usr/bin/env python3
"""The same MLP in PyTorch (Debian's python3-torch): 784-256-128-10, ReLU, CrossEntropyLoss,
float32, batches of 128, SGD momentum 0.9 or Adam. Prints one JSON line like numpy_mlp.py.

    /usr/bin/python3 bench/torch_mlp.py --epochs 3 --optimizer momentum --threads 2
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402
import torch  # noqa: E402

import mnist  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=3)
parser.add_argument("--batch-size", type=int, default=128)
parser.add_argument("--optimizer", choices=["momentum", "adam"], default="momentum")
parser.add_argument("--lr", type=float, default=None)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--seed", type=int, default=1)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(args.seed)
train_x, train_y, test_x, test_y = (torch.from_numpy(a) for a in mnist.load())
model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                            torch.nn.ReLU(), torch.nn.Linear(128, 10))
lr = args.lr if args.lr is not None else (0.05 if args.optimizer == "momentum" else 1e-3)
optimizer = (torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9) if args.optimizer == "momentum"
             else torch.optim.Adam(model.parameters(), lr=lr))
loss_function = torch.nn.CrossEntropyLoss()
rates = []
for epoch in range(args.epochs):
    order = torch.randperm(len(train_x))
    start = time.perf_counter()
    for begin in range(0, len(order), args.batch_size):
        batch = order[begin:begin + args.batch_size]
        optimizer.zero_grad()
        loss_function(model(train_x[batch]), train_y[batch]).backward()
        optimizer.step()
    rates.append(len(train_x) / (time.perf_counter() - start))
with torch.no_grad():
    accuracy = float((model(test_x).argmax(dim=1) == test_y).float().mean())
    inference = []
    for _ in range(10):
        start = time.perf_counter()
        model(test_x)
        inference.append(time.perf_counter() - start)
print(json.dumps({"system": "pytorch", "threads": args.threads, "optimizer": args.optimizer,
                  "samples_per_second": rates, "test_accuracy": accuracy,
                  "inference_10000_ms": 1000 * sorted(inference)[len(inference) // 2]}))
