#!/usr/bin/env python3
"""Writes two interleaved half-moons as CSV (x, y, shape) to standard output: a small non-linear
classification problem for trying the nabla command. Standard library only; seeded (the second
argument, 1 by default), so another seed gives fresh points from the same problem.

    python3 examples/make_moons.py 600 > moons.csv
    python3 examples/make_moons.py 300 2 > moons-test.csv
"""
import math
import random
import sys

samples = int(sys.argv[1]) if len(sys.argv) > 1 else 600
random.seed(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
print("x,y,shape")
for _ in range(samples):
    angle = random.uniform(0, math.pi)
    upper = random.random() < 0.5
    x, y = (math.cos(angle), math.sin(angle)) if upper else (1 - math.cos(angle), 0.5 - math.sin(angle))
    print(f"{x + random.gauss(0, 0.1):.4f},{y + random.gauss(0, 0.1):.4f},{'upper' if upper else 'lower'}")
