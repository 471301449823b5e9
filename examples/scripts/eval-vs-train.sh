#!/usr/bin/env bash
# BENCHMARKS.md "Evaluation time": the demo's training and its evaluation, side by side, ROUNDS times each
# (alternating, so a busy machine slows both alike), with the median wall and CPU seconds of each. With a second
# checkout as OTHER (e.g. `git worktree add /tmp/base <commit>` and a package there), its eval runs in each round
# too, for a before/after comparison.
#
#   examples/scripts/eval-vs-train.sh WORK_DIR [ROUNDS] [OTHER_CHECKOUT]
#
# Build first: mvn -q -DskipTests package.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:?usage: eval-vs-train.sh WORK_DIR [ROUNDS] [OTHER_CHECKOUT]}"
rounds="${2:-3}"
other="${3:-}"
mkdir -p "$work"
if [ ! -f "$work/demo/model.zip" ]; then
  "$here/bin/hetero-embed" demo -o "$work/demo" > "$work/demo.log" 2>&1
fi
times="$work/times.tsv"
: > "$times"
run() { # name, then the command
  local name="$1"; shift
  /usr/bin/time -f "$name	%e	%U	%S" -a -o "$times" "$@" > "$work/$name.out" 2> "$work/$name.err"
}
eval_args=(eval "$work/demo/model.zip" --graph "$work/demo/graph.heg" --heldout "$work/demo/heldout.tsv" --type user)
for r in $(seq 1 "$rounds"); do
  run train "$here/bin/hetero-embed" train --config "$work/demo/job.yaml" -o "$work/model.zip" --overwrite
  run eval "$here/bin/hetero-embed" "${eval_args[@]}"
  if [ -n "$other" ]; then
    run eval-other "$other/bin/hetero-embed" "${eval_args[@]}"
  fi
done
python3 - "$times" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if "\t" in l]
for name in dict.fromkeys(r[0] for r in rows):
    wall = [float(r[1]) for r in rows if r[0] == name]
    cpu = [float(r[2]) + float(r[3]) for r in rows if r[0] == name]
    print(f"{name:10s} wall median {statistics.median(wall):6.2f} s (min {min(wall):.2f}, max {max(wall):.2f}); "
          f"CPU median {statistics.median(cpu):6.2f} s over {len(wall)} runs")
PY
