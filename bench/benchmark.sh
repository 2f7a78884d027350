#!/usr/bin/env bash
# Measures what Leakproof costs at compile time (see docs/performance.md).
#
#   bash bench/benchmark.sh [--quick] [--memory] [--plugin <jars>] [--warmup N] [--iterations N]
#                           [--max-seconds S] [--libs <lib1,lib2+lib3>] [--configs <c1,c2>]
#
# Builds this project's checker and annotations jars (unless --plugin names jars), builds the
# runner (bench/pom.xml), and compiles real sources from the corpus (commons-pool2, caffeine,
# guava, guava+caffeine) and generated worst cases in one JVM, in these configurations: plain
# javac; Error Prone with all checks disabled; Error Prone with only Leakproof's checks; each
# Leakproof check alone; Error Prone's default checks. --memory also runs each configuration in
# its own JVM on guava and records its maximum resident set size. --quick: small inputs, few
# rounds, for trying the script out. --libs: other real inputs, any libraries of bench/corpus/
# (`+` compiles several as one input). --configs: only these configurations (javac, ep-none,
# ep-leakproof, ep-leakproof-report, ep-each, ep-default), e.g. `ep-none,ep-leakproof` to compare
# the whole set with Error Prone alone on many libraries quickly. Writes
# bench/target/benchmark/results.{tsv,md}.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$BENCH/target/benchmark"
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"

quick=false memory=false plugin="" warmup=2 iterations=5 max_seconds=120 libs="" configs=""
while (($#)); do
  case "$1" in
    --quick) quick=true; warmup=1; iterations=2; max_seconds=30; shift ;;
    --memory) memory=true; shift ;;
    --plugin) plugin="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --iterations) iterations="$2"; shift 2 ;;
    --max-seconds) max_seconds="$2"; shift 2 ;;
    --libs) libs="$2"; shift 2 ;;
    --configs) configs="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

if $quick; then
  real=(commons-pool2 caffeine)
  generated=(statements:250 statements:500 nesting:10 nesting:20 fields:100 fields:200)
else
  real=(commons-pool2 caffeine guava guava+caffeine)
  generated=(statements:250 statements:500 statements:1000 nesting:25 nesting:50 nesting:100
             fields:200 fields:400 fields:800)
fi
[[ -n "$libs" ]] && IFS=, read -r -a real <<<"$libs"

JDK="$(find_jdk)"
echo "JDK: $JDK"
plugin_jars "$plugin"
plugin="$PLUGIN"

build_runner "$JDK" "$OUT"
prepare_inputs "${real[@]}"
inputs=("${RUNNER_INPUTS[@]}")
for spec in "${generated[@]}"; do inputs+=(--generated "$spec"); done
runner_flags
java_flags=("${RUNNER_FLAGS[@]}")
runner_cp="$RUNNER_CP"

rm -f "$OUT/results.tsv" "$OUT/max-rss.tsv"
"$JDK/bin/java" "${java_flags[@]}" -cp "$runner_cp" dev.leakproof.bench.CompileBenchmark \
  --plugin "$plugin" ${configs:+--configs "$configs"} --warmup "$warmup" --iterations "$iterations" \
  --max-seconds "$max_seconds" --out "$OUT/results.tsv" "${inputs[@]}"

if $memory; then
  # One JVM per configuration, one compilation of the largest single library: max RSS in MB.
  configs="$("$JDK/bin/java" "${java_flags[@]}" -cp "$runner_cp" dev.leakproof.bench.CompileBenchmark \
    --plugin "$plugin" --list-configs)"
  target=guava
  $quick && target=caffeine
  [[ -n "${LIB_DIR[$target]:-}" ]] || target="${real[0]%%+*}"  # --libs without it
  for config in $configs; do
    /usr/bin/time -f '%M' -o "$OUT/rss.txt" \
      "$JDK/bin/java" "${java_flags[@]}" -cp "$runner_cp" dev.leakproof.bench.CompileBenchmark \
      --plugin "$plugin" --configs "$config" --warmup 0 --iterations 1 --out /dev/null \
      --input "$target=${LIB_DIR[$target]}" >/dev/null
    printf '%s\t%s\t%d\n' "$target" "$config" "$(( $(tail -1 "$OUT/rss.txt") / 1024 ))" >>"$OUT/max-rss.tsv"
  done
fi

"$JDK/bin/java" -cp "$runner_cp" dev.leakproof.bench.Report "$OUT/results.tsv" "$OUT/max-rss.tsv" \
  >"$OUT/results.md"
echo
cat "$OUT/results.md"
echo
echo "Wrote $OUT/results.md"
