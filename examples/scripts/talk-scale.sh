#!/usr/bin/env bash
# The talk-sized run of BENCHMARKS.md ("Tables larger than memory: the talk's graph on one machine"): a generated
# user-article graph of ~51M nodes and ~280M edges, 128-dimensional tables (~52 GB, twice this machine's memory),
# trained end to end with partitioned tables, then exported and evaluated. Each stage is timed with /usr/bin/time
# (wall time, peak RSS); disk use is printed after each stage.
#
#   examples/scripts/talk-scale.sh WORK_DIR [DIMENSION] [PARTITIONS] [MEMORY] [SPILL_LIMIT]
#
# WORK_DIR needs ~75 GB free at dimension 128 (tables + spill); use DIMENSION 100 with less. Build first:
# mvn -q -DskipTests package.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:?usage: talk-scale.sh WORK_DIR [DIMENSION] [PARTITIONS] [MEMORY] [SPILL_LIMIT]}"
dim="${2:-128}"
parts="${3:-16}"
memory="${4:-10g}"
spill="${5:-14g}"
mkdir -p "$work"
log="$work/talk-scale.log"
stage() {
  local name="$1"; shift
  echo "== $name: $*" | tee -a "$log"
  /usr/bin/time -f "== $name: wall %e s, peak RSS %M KB" -a -o "$log" "$@" 2>&1 | tee -a "$log" | tr '\r' '\n' | grep -v '^training ' || true
  tail -1 "$log"
  du -sh "$work" | tee -a "$log"
}

# 1. The graph: 51M nodes (34M users, 17M articles, 0.85M topics), 280M edges, 8 planted communities.
if [ ! -f "$work/graph/graph.heg" ]; then
  HETERO_EMBED_JAVA_OPTS="-Xmx18g" stage generate "$here/bin/hetero-embed" generate --nodes 51000000 \
      --edges 280000000 --snapshot -o "$work/graph"
  rm -f "$work/graph/edges.tsv" # the snapshot holds the graph; the text edge list would only take disk
fi

# 2. Training: ~80 skip-gram pairs per node (one uniform walk of 16 steps per node, window 5), one epoch. No
# periodic checkpoints: each would keep the partitions written after it beside the checkpointed ones, and the disk
# holds the 52 GB of tables and the spill with little to spare.
# Heap for the graph and the samplers; JavaCPP's limits for the partition slots (--memory).
HETERO_EMBED_JAVA_OPTS="-Xmx9g -Dorg.bytedeco.javacpp.maxbytes=12g -Dorg.bytedeco.javacpp.maxphysicalbytes=22g" \
  stage train "$here/bin/hetero-embed" train "$work/graph/graph.heg" -o "$work/model" --overwrite \
      --dimension "$dim" --walks-per-node 1 --walk-length 16 --window 5 --negatives 5 --epochs 1 \
      --partitions "$parts" --memory "$memory" --spill-limit "$spill" --checkpoint-minutes 0 --threads 2

# 3. Export (streaming) and the planted-community F1 on a sample of users. The export writes the topic and article
# tables as word2vec text (~11 bytes per number: ~25 GB for the 17.9M rows); the users' text (~48 GB) would not fit
# beside the tables on an 80 GB disk, and its rate is the same per row.
HETERO_EMBED_JAVA_OPTS="-Xmx8g" stage export "$here/bin/hetero-embed" export "$work/model" --type topic \
    -o "$work/topics.w2v"
rm -f "$work/topics.w2v"
HETERO_EMBED_JAVA_OPTS="-Xmx12g" stage eval "$here/bin/hetero-embed" eval "$work/model" --graph "$work/graph/graph.heg" \
    --type user --max-nodes 20000 --json "$work/eval.json"
du -sh "$work" | tee -a "$log"
