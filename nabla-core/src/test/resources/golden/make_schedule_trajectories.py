#!/usr/bin/env python3
"""Writes schedule-trajectories.json: the learning rate of each epoch under PyTorch's
lr_scheduler classes, the golden values that ScheduleTrajectoryTest reproduces.

The rate is read before each epoch; the scheduler steps after it (ReduceLROnPlateau with the
listed monitored values). Run from this folder with Debian's python3-torch:
    /usr/bin/python3 make_schedule_trajectories.py
"""
import json

import torch

EPOCHS = 25
BASE = 0.1
MONITORED = [1.0, 0.9, 0.95, 0.94, 0.93, 0.92, 0.80, 0.81, 0.82, 0.83, 0.84, 0.70, 0.71, 0.72,
             0.73, 0.74, 0.75, 0.60, 0.61, 0.62, 0.63, 0.64, 0.65, 0.66, 0.67]


def optimizer():
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=BASE)


def rates(make, monitored=None):
    opt = optimizer()
    scheduler = make(opt)
    out = []
    for epoch in range(EPOCHS):
        out.append(opt.param_groups[0]["lr"])
        if monitored is None:
            scheduler.step()
        else:
            scheduler.step(monitored[epoch])
    return out


S = torch.optim.lr_scheduler
RUNS = {
    "step_3_0.5": rates(lambda o: S.StepLR(o, step_size=3, gamma=0.5)),
    "exponential_0.9": rates(lambda o: S.ExponentialLR(o, gamma=0.9)),
    "cosine_10_0.001": rates(lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.001)),
    "warmup_3_then_step_2_0.5": rates(lambda o: S.SequentialLR(
        o, [S.LinearLR(o, start_factor=1 / 3, end_factor=1.0, total_iters=2),
            S.StepLR(o, step_size=2, gamma=0.5)], milestones=[3])),
    "plateau_min": rates(lambda o: S.ReduceLROnPlateau(
        o, mode="min", factor=0.5, patience=2, threshold=0.01, cooldown=1), MONITORED),
    "plateau_max": rates(lambda o: S.ReduceLROnPlateau(
        o, mode="max", factor=0.5, patience=1, min_lr=0.02), MONITORED),
}

with open("schedule-trajectories.json", "w") as out:
    json.dump({"about": "torch.optim.lr_scheduler rates per epoch; written by"
                        " make_schedule_trajectories.py",
               "torch_version": torch.__version__, "base": BASE, "monitored": MONITORED,
               "runs": RUNS}, out, indent=1)
    out.write("\n")
