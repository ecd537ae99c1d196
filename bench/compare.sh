#!/usr/bin/env bash
# Trains the Fashion-MNIST MLP (784-256-128-10, ReLU, softmax cross-entropy, float32, batches of
# 128, 3 epochs) with Nabla, PyTorch (1 torch thread with OpenBLAS on 2, and 2 with OpenBLAS on 1)
# and the numpy reference, and times inference of the 10,000 test images, in ROUNDS rounds.
#
#   bench/compare.sh [momentum|adam]        (EPOCHS=3, ROUNDS=5 by default)
#
# Each round runs the systems back to back. These machines are shared and their speed swings by 2x
# between runs, so the figure the targets are judged by is the MEDIAN OF THE PER-ROUND RATIOS:
# Nabla's round against the same round's best PyTorch configuration and the same round's numpy.
# Each system's best round is printed too. The top of the output says which CPU, flags, threads
# and library versions the figures come from.
set -euo pipefail
optimizer=${1:-momentum}
epochs=${EPOCHS:-3}
rounds=${ROUNDS:-5}
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
momentum=$([[ $optimizer == momentum ]] && echo "--momentum 0.9" || echo "")

measure() {  # name, command...: runs it under /usr/bin/time, keeps its output and peak memory
  local name=$1
  shift
  /usr/bin/time -v "$@" >"$work/$name.out" 2>"$work/$name.time" || {
    cat "$work/$name.out" "$work/$name.time" >&2
    exit 1
  }
}

bench=$root/nabla-bench/target/benchmarks.jar
if [[ ! -f $bench ]]; then
  (cd "$root" && mvn -B -q -DskipTests package -pl nabla-bench -am)
fi

cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')
flags=$(grep -m1 "^flags" /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|avx512f|avx512_vnni|fma)$' | tr '\n' ' ')
echo "cpu: $cpu, $(nproc) cores; flags: ${flags:-none of avx2/avx512f/fma}"
echo "java: $(java -version 2>&1 | head -1)"
echo "nabla: $(java -jar "$jar" info --backend | grep -E 'in use|parallelism' | sed 's/^ *//' | paste -sd ';' -)"
echo "python: $(/usr/bin/python3 -c 'import sys, torch, numpy; print(sys.version.split()[0], "torch", torch.__version__, "numpy", numpy.__version__)')"
echo "openblas: $(dpkg-query -W -f '${Package} ${Version}' libopenblas0-pthread 2>/dev/null) (numpy, torch); $(basename "$(ls ~/.m2/repository/org/bytedeco/openblas/ 2>/dev/null | tail -1)") (nabla, JavaCPP)"
echo "threads: nabla default (shards: one replica per core, OpenBLAS on 1 thread each); pytorch 1 torch thread + OPENBLAS_NUM_THREADS=2, and 2 + 1; numpy OPENBLAS_NUM_THREADS=2"

for round in $(seq "$rounds"); do
  echo "round $round of $rounds: training 3 systems for $epochs epochs each with $optimizer..." >&2
  measure "nabla-$round" java -jar "$jar" train --data "$fm/train-images-idx3-ubyte.gz" \
    --labels "$fm/train-labels-idx1-ubyte.gz" --test "$fm/t10k-images-idx3-ubyte.gz" \
    --test-labels "$fm/t10k-labels-idx1-ubyte.gz" --layers 256:relu,128:relu --epochs "$epochs" \
    --batch-size 128 --optimizer "$optimizer" --lr "$lr" $momentum --scale minmax \
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
  # Nabla's inference in the same round as PyTorch's (which torch_mlp.py times after training).
  java -jar "$bench" 'ShardedBenchmark.inference10000' -p optimizerName=momentum \
    -p threads="$(nproc)" -f 1 -wi 3 -i 5 -w 1 -r 1 -rf json -rff "$work/inference-$round.json" \
    >/dev/null
done

echo "timing seed 000's training step..." >&2
java -jar "$bench" 'TrainingBenchmark.seed000TrainingStep' -p optimizerName=momentum \
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

def runs(run, name):  # every round's (samples/s, accuracy, peak MB)
    return [run(f"{name}-{r}") for r in rounds]

nabla = runs(nabla_run, "nabla")
torch = {t: runs(python_run, f"pytorch-{t}") for t in (1, 2)}
numpy = runs(python_run, "numpy")
# PyTorch's best configuration in each round.
torch_best = [max(torch[1][i], torch[2][i], key=lambda result: result[0]) for i in range(len(nabla))]
systems = {"nabla": nabla, "pytorch (1 torch, 2 BLAS thr.)": torch[1],
           "pytorch (2 torch, 1 BLAS thr.)": torch[2], "numpy (OpenBLAS, 2 threads)": numpy}
print(f"{'system':32} {'samples/s, round by round':>46} {'best':>8} {'test acc':>9} {'peak MB':>8}")
for name, results in systems.items():
    best = max(results, key=lambda result: result[0])
    print(f"{name:32} {' / '.join(f'{r[0]:,.0f}' for r in results):>46} {best[0]:8,.0f}"
          f" {best[1]:9.4f} {best[2]:8.0f}")

def median_ratio(ours, theirs):
    ratios = [a / b for a, b in zip(ours, theirs)]
    return statistics.median(ratios), ratios

for name, other in (("pytorch's best", torch_best), ("numpy", numpy)):
    median, ratios = median_ratio([r[0] for r in nabla], [r[0] for r in other])
    accuracy = statistics.median(100 * (a[1] - b[1]) for a, b in zip(nabla, other))
    print(f"training, nabla / {name}: median of per-round ratios {median:.2f}x"
          f" (rounds: {', '.join(f'{r:.2f}' for r in ratios)}); accuracy {accuracy:+.2f} pp")

torch_inference = [min(json.loads(open(f"{work}/pytorch-{t}-{r}.out").read().strip().splitlines()[-1])
                       ["inference_10000_ms"] for t in (1, 2)) for r in rounds]
nabla_inference = [json.load(open(f"{work}/inference-{r}.json"))[0]["primaryMetric"]["score"] / 1000
                   for r in rounds]
median, ratios = median_ratio(torch_inference, nabla_inference)
print(f"inference of 10,000 images, ms per round: nabla {' / '.join(f'{v:.1f}' for v in nabla_inference)},"
      f" pytorch (best of its two) {' / '.join(f'{v:.1f}' for v in torch_inference)}")
print(f"inference, nabla / pytorch: median of per-round ratios {median:.2f}x as fast"
      f" (rounds: {', '.join(f'{r:.2f}' for r in ratios)})")
jmh = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"]["score"] for r in json.load(open(f"{work}/jmh.json"))}
nabla_us = jmh["seed000TrainingStep"]
torch_us = float(re.search(r"([\d.]+) us", open(f"{work}/seed000-torch.out").read()).group(1))
print(f"seed 000 training step: nabla {nabla_us:.2f} us, pytorch {torch_us:.1f} us:"
      f" nabla {torch_us / nabla_us:.0f}x faster")
PY
