#!/usr/bin/env bash
# BENCHMARKS.md "Spark: tables partitioned across executors": spark-train --mode partitioned on a local-cluster of two
# executor JVMs (127.0.0.1 only), beside the single-machine partitioned run of the same job on the same graph.
#
#   examples/scripts/spark-partitioned.sh WORK_DIR [EDGES] [EPOCHS] [all|heap]
#
# Measures, for P = 4 partitions over E = 2 executors, d = 128:
#   - bytes of rows moved between executors per epoch, hash vs label-propagation partitions, and the share of pairs
#     in diagonal buckets (spark-train's summary line);
#   - the driver's live heap (sampled after forced full GCs) at EDGES and at 4 x EDGES ("heap": only this);
#   - quality: eval of the Spark model and of `train --partitions 4` on the same graph and job.
# local-cluster is Spark's test mode: it needs a "Spark home" (an empty skeleton is enough from our jar), our jar on
# the executors' class path and our JVM flags (JDK_JAVA_OPTIONS reaches the executor JVMs Spark starts).
#
# Build first: mvn -q -DskipTests package.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:?usage: spark-partitioned.sh WORK_DIR [EDGES] [EPOCHS] [all|heap]}"
edges="${2:-250000}"
epochs="${3:-2}"
what="${4:-all}"
mkdir -p "$work/spark-home/jars" "$work/spark-home/conf" "$work/spark-home/launcher/target/scala-2.12"
jar="$here/examples/target/hetero-embed.jar"
JDK_JAVA_OPTIONS="$(grep -v '^#' "$here/bin/jvm.args" | grep -v '^$' | tr '\n' ' ')"
export JDK_JAVA_OPTIONS
job=(--dimension 128 --epochs "$epochs" --partitions 4 --seed 7)
spark() { # name, heap log, then spark-train arguments
  local name="$1" gc="$2"; shift 2
  rm -rf "${work:?}/$name" "$work/$name.graph"
  HETERO_EMBED_JAVA_OPTS="-Xmx2g -Xlog:gc:file=$gc -Dspark.testing=true -Dspark.test.home=$work/spark-home \
-Dspark.executor.extraClassPath=$jar -Dspark.executor.memory=3g -Dspark.executorEnv.OMP_NUM_THREADS=1 \
-Dspark.executorEnv.SPARK_LOCAL_IP=127.0.0.1" \
    /usr/bin/time -f "%e" -o "$work/$name.time" \
    "$here/bin/hetero-embed" spark-train --master 'local-cluster[2,1,3072]' --mode partitioned --tasks 2 \
    -o "$work/$name" "$@" > "$work/$name.out" 2> "$work/$name.err"
}
live_heap() { # name: while its spark-train runs, a full GC every 2 s (jcmd GC.run) and the heap used after it, in KiB
  local name="$1" pid=""
  while [ -z "$pid" ]; do
    sleep 0.5
    pid="$(pgrep -f -- "^java .* -o $work/$name( |$)" | head -1 || true)"
  done
  : > "$work/$name.heap"
  while kill -0 "$pid" 2> /dev/null; do
    jcmd "$pid" GC.run > /dev/null 2>&1 || true
    jcmd "$pid" GC.heap_info 2> /dev/null | grep -o 'used [0-9]*K' | head -1 | tr -dc '0-9\n' >> "$work/$name.heap" || true
    sleep 2
  done
}
peak() { # the largest of a file of numbers
  sort -n "$1" | tail -1
}
summary() {
  grep -E "^trained|moved between executors" "$work/$1.out" | sed 's/^/    /'
}

for g in g1 g4; do
  n=$edges; [ "$g" = g4 ] && n=$((edges * 4))
  [ -f "$work/$g/graph.heg" ] || "$here/bin/hetero-embed" generate --edges "$n" --snapshot -o "$work/$g" --overwrite \
    > "$work/$g.out" 2>&1
done
graph="$work/g1/graph.heg"
if [ "$what" = all ]; then
echo "spark-train --mode partitioned, planted graph of $edges edges, hash partitions"
spark hash "$work/hash.gc" "$graph" "${job[@]}"
summary hash
echo "same graph, label-propagation partitions"
spark lp "$work/lp.gc" "$graph" "${job[@]}" --partitioner label-propagation
summary lp
fi
echo "the driver's heap: one epoch of short walks on the graph and on one 4 x larger"
short=(--dimension 128 --epochs 1 --partitions 4 --walks-per-node 2 --walk-length 20)
live_heap small & spark small "$work/small.gc" "$graph" "${short[@]}"; wait
summary small
live_heap big & spark big "$work/big.gc" "$work/g4/graph.heg" "${short[@]}"; wait
summary big
for m in small big; do
  echo "driver live heap (after a full GC, sampled every 2 s), largest: $m $(( $(peak "$work/$m.heap") / 1024 )) MiB" \
    "over $(wc -l < "$work/$m.heap") samples"
done
grep -h "Spark .*master" "$work/small.out" "$work/big.out" | sed 's/^/    /'
[ "$what" = all ] || exit 0
echo "one machine: train --partitions 4 on the same graph and job"
rm -rf "$work/local"
/usr/bin/time -f "%e" -o "$work/local.time" "$here/bin/hetero-embed" train "$graph" -o "$work/local" "${job[@]}" \
  --threads 2 > "$work/local.out" 2> "$work/local.err"
for m in hash lp local; do
  "$here/bin/hetero-embed" eval "$work/$m" --graph "$graph" --heldout "$work/g1/heldout.tsv" --type user \
    --json "$work/$m.eval.json" > "$work/$m.eval.out" 2> "$work/$m.eval.err"
done
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
print("model   wall s   micro-F1 at 10% / 50% / 90%    NMI     link AUC  MRR")
for m in ("hash", "lp", "local"):
    sections = {k: v for s in json.load(open(f"{w}/{m}.eval.json")) for k, v in s.items()}
    f1 = {r["trainRatio"]: r["microF1Mean"] for r in sections["nodeClassification"]["ratios"]}
    lp = sections.get("linkPrediction", {}).get("overall", {})
    secs = float(open(f"{w}/{m}.time").read().split()[-1])
    print(f"{m:6s} {secs:7.1f}   {f1[0.1]:.4f} / {f1[0.5]:.4f} / {f1[0.9]:.4f}   {sections['clustering']['nmi']:.4f}  "
          f"{lp.get('auc', float('nan')):.4f}  {lp.get('mrr', float('nan')):.4f}")
PY
