"""Fashion-MNIST as float32 arrays, read from the IDX files Debian's dataset-fashion-mnist ships."""
import gzip
import os

import numpy as np

ROOT = os.environ.get("FASHION_MNIST", "/usr/share/datasets/fashion-mnist")


def _idx(name):
    with gzip.open(os.path.join(ROOT, name), "rb") as f:
        data = f.read()
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def load():
    """(train_x, train_y, test_x, test_y): images flattened and scaled to [0, 1], labels as ints."""
    train_x = _idx("train-images-idx3-ubyte.gz").reshape(60000, 784).astype(np.float32) / 255
    test_x = _idx("t10k-images-idx3-ubyte.gz").reshape(10000, 784).astype(np.float32) / 255
    return (train_x, _idx("train-labels-idx1-ubyte.gz").astype(np.int64),
            test_x, _idx("t10k-labels-idx1-ubyte.gz").astype(np.int64))
