#!/usr/bin/env python3
"""Writes optimizer-trajectories.json (float64) and optimizer-trajectories-float32.json: PyTorch's
torch.optim trajectories, the golden values that OptimizerTrajectoryTest reproduces.

A 3-4-2 network (Linear, Tanh, Linear) with fixed weights takes 6 steps of each optimizer on one
fixed batch under MSELoss(mean), in float64. Run from this folder with Debian's python3-torch:
    /usr/bin/python3 make_optimizer_trajectories.py
"""
import json

import torch

torch.set_default_dtype(torch.float64)
STEPS = 6

INPUTS = [[0.5, -1.0, 2.0], [1.5, 0.2, -0.3], [-0.7, 0.9, 0.1], [0.0, -0.4, 1.2], [2.2, 1.1, -1.5]]
TARGETS = [[1.0, -0.5], [0.3, 0.8], [-1.2, 0.4], [0.6, 0.0], [0.1, -0.9]]
INITIAL = {
    "layers.0.weights": [[0.2, -0.5, 0.1], [0.7, 0.3, -0.4], [-0.6, 0.8, 0.05], [0.1, -0.2, 0.9]],
    "layers.0.bias": [0.1, -0.1, 0.05, 0.0],
    "layers.2.weights": [[0.3, -0.7, 0.5, 0.2], [-0.4, 0.6, 0.1, -0.8]],
    "layers.2.bias": [0.02, -0.03],
}
TORCH_NAMES = {"layers.0.weights": "0.weight", "layers.0.bias": "0.bias",
               "layers.2.weights": "2.weight", "layers.2.bias": "2.bias"}

RUNS = [
    ("sgd", "SGD", {"lr": 0.1}),
    ("sgd_weight_decay", "SGD", {"lr": 0.1, "weight_decay": 0.01}),
    ("momentum", "SGD", {"lr": 0.1, "momentum": 0.9}),
    ("momentum_dampening", "SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.5, "weight_decay": 0.01}),
    ("nesterov", "SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("rmsprop", "RMSprop", {"lr": 0.01}),
    ("rmsprop_centered_momentum", "RMSprop",
     {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "centered": True, "weight_decay": 0.01}),
    ("adagrad", "Adagrad", {"lr": 0.1}),
    ("adagrad_decay", "Adagrad",
     {"lr": 0.1, "lr_decay": 0.1, "weight_decay": 0.01, "initial_accumulator_value": 0.1}),
    ("adam", "Adam", {"lr": 0.01}),
    ("adam_l2_amsgrad", "Adam", {"lr": 0.01, "betas": [0.8, 0.99], "weight_decay": 0.01, "amsgrad": True}),
    ("adamw", "AdamW", {"lr": 0.01}),
    ("adamw_amsgrad", "AdamW", {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True, "eps": 1e-6}),
]


def network(dtype):
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
    parameters = dict(model.named_parameters())
    with torch.no_grad():
        for name, values in INITIAL.items():
            parameters[TORCH_NAMES[name]].copy_(torch.tensor(values))
    return model.to(dtype)


def trajectory(optimizer_name, hyper, dtype=torch.float64):
    model = network(dtype)
    optimizer = getattr(torch.optim, optimizer_name)(model.parameters(), **hyper)
    x, y = torch.tensor(INPUTS, dtype=dtype), torch.tensor(TARGETS, dtype=dtype)
    parameters = dict(model.named_parameters())
    steps = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()
        steps.append({name: parameters[torch_name].tolist() for name, torch_name in TORCH_NAMES.items()})
    return steps


def main():
    document = {
        "about": "torch.optim trajectories in float64; written by make_optimizer_trajectories.py",
        "torch_version": torch.__version__,
        "network": "3 -> Linear(3, 4) -> Tanh -> Linear(4, 2); loss MSELoss(reduction='mean')",
        "inputs": INPUTS,
        "targets": TARGETS,
        "initial": INITIAL,
        "runs": [{"name": name, "optimizer": optimizer, "hyper": hyper, "steps": trajectory(optimizer, hyper)}
                 for name, optimizer, hyper in RUNS],
    }
    with open("optimizer-trajectories.json", "w") as out:
        json.dump(document, out, indent=1)
        out.write("\n")
    document["about"] = "torch.optim trajectories in float32; written by make_optimizer_trajectories.py"
    document["runs"] = [{"name": name, "optimizer": optimizer, "hyper": hyper,
                         "steps": trajectory(optimizer, hyper, torch.float32)}
                        for name, optimizer, hyper in RUNS]
    with open("optimizer-trajectories-float32.json", "w") as out:
        json.dump(document, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
