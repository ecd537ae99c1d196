#!/usr/bin/env bash
# Trains the Fashion-MNIST MLP (784-256-128-10, ReLU, softmax cross-entropy, float32, batches of
# 128, 3 epochs) with Nabla, PyTorch (1 torch thread with OpenBLAS on 2, and 2 with OpenBLAS on 1,
# best taken) and the numpy reference in one run, and prints each one's samples/s (median epoch),
# test accuracy and peak memory, and Nabla's ratios to the others. Speed is compared within one run because these machines are shared.
#
#   bench/compare.sh [momentum|adam]        (EPOCHS=3, ROUNDS=3 by default)
#
# The systems run one after another, ROUNDS times in turn, and each system's best round is kept:
# on this shared machine one system's speed moved by 2x between back-to-back runs, and taking the
# best of alternating rounds keeps a neighbour's burst from deciding the ratio.
set -euo pipefail
optimizer=${1:-momentum}
epochs=${EPOCHS:-3}
rounds=${ROUNDS:-3}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

missing=()
# numpy (and torch) link libblas.so.3: Debian's reference BLAS unless OpenBLAS is installed.
for package in python3-torch python3-numpy libopenblas0-pthread dataset-fashion-mnist time; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "installing ${missing[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
jar=$root/nabla-cli/target/nabla.jar
if [[ ! -f $jar ]]; then
  (cd "$root" && mvn -B -q -DskipTests package -pl nabla-cli -am)
fi
fm=${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
lr=$([[ $optimizer == momentum ]] && echo 0.05 || echo 0.001)

measure() {  # name, command...: runs it under /usr/bin/time, keeps its output and peak memory
  local name=$1
  shift
  /usr/bin/time -v "$@" >"$work/$name.out" 2>"$work/$name.time" || {
    cat "$work/$name.out" "$work/$name.time" >&2
    exit 1
  }
}

for round in $(seq "$rounds"); do
  echo "round $round of $rounds: training 3 systems for $epochs epochs each with $optimizer..." >&2
  measure "nabla-$round" java -jar "$jar" train --data "$fm/train-images-idx3-ubyte.gz" \
    --labels "$fm/train-labels-idx1-ubyte.gz" --test "$fm/t10k-images-idx3-ubyte.gz" \
    --test-labels "$fm/t10k-labels-idx1-ubyte.gz" --layers 256:relu,128:relu --epochs "$epochs" \
    --batch-size 128 --optimizer "$optimizer" --lr "$lr" --momentum 0.9 --scale minmax \
    --validation-split 0 --dtype float32 -o "$work/model.nabla"
  # PyTorch's matrix products run on OpenBLAS, whose threads are not torch's: one torch thread
  # with OpenBLAS on both cores, or two torch threads with OpenBLAS on one (two of each would put
  # four busy threads on two cores, which ran at a fifth of the speed).
  for threads in 1 2; do
    OPENBLAS_NUM_THREADS=$((3 - threads)) measure "pytorch-$threads-$round" /usr/bin/python3 \
      "$root/bench/torch_mlp.py" --epochs "$epochs" --optimizer "$optimizer" --threads "$threads"
  done
  measure "numpy-$round" /usr/bin/python3 "$root/bench/numpy_mlp.py" --epochs "$epochs" \
    --optimizer "$optimizer" --threads 2
done

echo "timing seed 000's training step and inference of 10,000 images..." >&2
bench=$root/nabla-bench/target/benchmarks.jar
if [[ ! -f $bench ]]; then
  (cd "$root" && mvn -B -q -DskipTests package -pl nabla-bench -am)
fi
java -jar "$bench" 'TrainingBenchmark.(seed000TrainingStep|inference10000)' -p optimizerName=momentum \
  -f 1 -wi 3 -i 5 -w 1 -r 1 -rf json -rff "$work/jmh.json" >/dev/null
/usr/bin/python3 "$root/bench/torch_seed000.py" >"$work/seed000-torch.out"

/usr/bin/python3 - "$work" "$rounds" <<'PY'
import json, re, statistics, sys
work = sys.argv[1]
rounds = range(1, int(sys.argv[2]) + 1)

def peak_mb(name):
    text = open(f"{work}/{name}.time").read()
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024

def python_run(name):
    result = json.loads(open(f"{work}/{name}.out").read().strip().splitlines()[-1])
    return statistics.median(result["samples_per_second"]), result["test_accuracy"], peak_mb(name)

def nabla_run(name):
    text = open(f"{work}/{name}.out").read()
    rates = [float(r.replace(",", "")) for r in
             re.findall(r"^epoch \d+/\d+ .* ([\d,]+) samples/s$", text, re.M)]
    accuracy = float(re.search(r"^test: .*accuracy ([\d.]+)", text, re.M).group(1))
    return statistics.median(rates), accuracy, peak_mb(name)

def best_round(run, name):  # the fastest round; every round's speed is printed too
    results = [run(f"{name}-{r}") for r in rounds]
    print(f"{name:12} rounds: " + ", ".join(f"{rate:,.0f}" for rate, _, _ in results))
    return max(results, key=lambda result: result[0])

rows = {"nabla": best_round(nabla_run, "nabla")}
torch_runs = {t: best_round(python_run, f"pytorch-{t}") for t in (1, 2)}
best = max(torch_runs, key=lambda t: torch_runs[t][0])
rows[f"pytorch ({best} torch, {3 - best} BLAS thr.)"] = torch_runs[best]
rows["numpy (OpenBLAS, 2 threads)"] = best_round(python_run, "numpy")
print(f"{'system':32} {'samples/s':>10} {'test acc':>9} {'peak MB':>8}")
for name, (rate, acc, mb) in rows.items():
    print(f"{name:32} {rate:10,.0f} {acc:9.4f} {mb:8.0f}")
nabla = rows["nabla"]
for name, (rate, acc, mb) in list(rows.items())[1:]:
    print(f"nabla / {name}: speed {nabla[0] / rate:.2f}x, accuracy {100 * (nabla[1] - acc):+.2f} pp,"
          f" memory {nabla[2] / mb:.2f}x")
jmh = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"]["score"] for r in json.load(open(f"{work}/jmh.json"))}
nabla_us = jmh["seed000TrainingStep"]
torch_us = float(re.search(r"([\d.]+) us", open(f"{work}/seed000-torch.out").read()).group(1))
print(f"seed 000 training step: nabla {nabla_us:.2f} us, pytorch {torch_us:.1f} us:"
      f" nabla {torch_us / nabla_us:.0f}x faster")
torch_inference = min(json.loads(open(f"{work}/pytorch-{t}-{r}.out").read().strip().splitlines()[-1])
                      ["inference_10000_ms"] for t in (1, 2) for r in rounds)
nabla_inference = jmh["inference10000"] / 1000
print(f"inference of 10,000 images: nabla {nabla_inference:.1f} ms, pytorch (best) {torch_inference:.1f} ms:"
      f" nabla {torch_inference / nabla_inference:.2f}x as fast")
PY
