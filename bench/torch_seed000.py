#!/usr/bin/env python3
"""Latency of one eager PyTorch SGD step of seed notebook 000's 1-2-2-1 ReLU network (x = 2,
y = 7, loss ½(y − ŷ)², lr 0.001), the figure Nabla's TrainingBenchmark.seed000TrainingStep is
compared with. Prints the median over 20 rounds of 1,000 steps, in microseconds.

    /usr/bin/python3 bench/torch_seed000.py
"""
import statistics
import time

import torch

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)
model = torch.nn.Sequential(torch.nn.Linear(1, 2), torch.nn.ReLU(), torch.nn.Linear(2, 2),
                            torch.nn.ReLU(), torch.nn.Linear(2, 1))
with torch.no_grad():
    for layer, (weights, bias) in zip([0, 2, 4], [([[0.7], [-0.2]], [-0.1, 0.3]),
                                                  ([[1.1, 0.2], [0.5, -0.3]], [-0.2, -0.1]),
                                                  ([[0.5, 2.3]], [0.1])]):
        model[layer].weight.copy_(torch.tensor(weights))
        model[layer].bias.copy_(torch.tensor(bias))
optimizer = torch.optim.SGD(model.parameters(), lr=0.001)
x, y = torch.tensor([[2.0]]), torch.tensor([[7.0]])
rounds = []
for _ in range(20):
    start = time.perf_counter()
    for _ in range(1000):
        optimizer.zero_grad()
        (0.5 * (y - model(x)) ** 2).sum().backward()
        optimizer.step()
    rounds.append((time.perf_counter() - start) / 1000 * 1e6)
print(f"pytorch seed000 step: {statistics.median(rounds):.1f} us (median of 20 rounds of 1,000)")
