#!/usr/bin/env python3
"""The cost model table of docs/spark.md: one epoch over a 1e8-row table, per mode and executor
count, from measured constants. Usage: cost-model.py T_JOB_SECONDS C_SAMPLE_MICROSECONDS [OTHER_T_JOB_SECONDS]; the last
column gives the epoch with the other job overhead (default 0.02 s)."""
import sys

t_job = float(sys.argv[1])          # Spark's overhead per job (measured)
c = float(sys.argv[2]) * 1e-6       # seconds per sample, forward and backward, one core (measured)
N = 1e8                             # rows
theta = 101_770                     # parameters of the 784-128-10 network
weights = 8 * theta                 # bytes of weights or gradient sums
state = 3 * weights                 # weights and Adam's two moments
bw = 1e9                            # bytes per second into the driver (assumed)
other = float(sys.argv[3]) if len(sys.argv) > 3 else 0.02


def hours(seconds):
    return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.0f} min"


print(f"| mode | batch B | K | executors P | jobs an epoch | per job | epoch | [{other * 1000:.0f} ms jobs] |")
print("|---|---|---|---|---|---|---|---|")
print(f"| one machine, 1 core | any | — | 1 | — | — | {hours(N * c)} | |")
for P in (10, 100):
    for B in (1024, 8192):
        jobs = N / B
        per = lambda t: t + c * B / P + weights * P / bw
        print(f"| sync | {B} | — | {P} | {jobs:,.0f} | {per(t_job) * 1000:.0f} ms | "
              f"{hours(jobs * per(t_job))} | {hours(jobs * per(other))} |")
    for B, K in ((64, 8), (64, 64)):
        jobs = N / (P * B * K)
        per = lambda t: t + c * B * K + state * P / bw
        print(f"| local-sgd | {B} | {K} | {P} | {jobs:,.0f} | {per(t_job) * 1000:.0f} ms | "
              f"{hours(jobs * per(t_job))} | {hours(jobs * per(other))} |")
