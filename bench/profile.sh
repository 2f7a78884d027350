#!/usr/bin/env bash
# Where Leakproof's compile time goes (see docs/performance.md, "Where the time goes").
#
#   bash bench/profile.sh [--libs <lib1,lib2+lib3>] [--warmup N] [--iterations N] [--plugin <jars>] [--top N]
#
# Builds this project's checker and annotations jars (unless --plugin names jars) and the runner
# (bench/pom.xml), then compiles each library of bench/corpus (default: paho-mqttv3,zookeeper; `+`
# compiles several as one input) with Error Prone and all Leakproof checks (ep-leakproof), in a
# JVM of its own: N warm-up rounds unrecorded, then N measured rounds sampled by JDK Flight
# Recorder every 1 ms. Prints, per library, the share of the compiling thread's samples inside
# each check's matchers, with its 95% sampling interval (defaults: 3 warm-up + 20 rounds).
# --top N also lists each check's N hottest Leakproof methods. Writes bench/target/profile/
# profile.md, the recordings (<lib>.jfr) and the rounds' times (rounds.tsv).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$BENCH/target/profile"
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"

libs="paho-mqttv3,zookeeper" warmup=3 iterations=20 plugin="" top=0
while (($#)); do
  case "$1" in
    --libs) libs="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --iterations) iterations="$2"; shift 2 ;;
    --plugin) plugin="$2"; shift 2 ;;
    --top) top="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
for n in "$warmup" "$iterations" "$top"; do [[ "$n" =~ ^[0-9]+$ ]] || die "not a number: '$n'"; done
(( iterations > 0 )) || die "--iterations must be at least 1"
IFS=, read -r -a names <<<"$libs"

JDK="$(find_jdk)"
echo "JDK: $JDK"
plugin_jars "$plugin"
plugin="$PLUGIN"
build_runner "$JDK" "$OUT"
prepare_inputs "${names[@]}"
runner_flags
# Deep enough for javac's recursion over nested code, so that the matcher's frame is kept.
RUNNER_FLAGS+=(-XX:FlightRecorderOptions:stackdepth=1024)

rm -f "$OUT"/*.jfr "$OUT/rounds.tsv"
recordings=()
for ((i = 0; i < ${#names[@]}; i++)); do
  # One JVM per library, so that one library's warm-up or garbage cannot fall into another's profile.
  "$JDK/bin/java" "${RUNNER_FLAGS[@]}" -cp "$RUNNER_CP" dev.leakproof.bench.CompileBenchmark \
    --plugin "$plugin" --configs ep-leakproof --warmup "$warmup" --iterations "$iterations" \
    --max-seconds 100000 --jfr "$OUT" --out "$OUT/rounds.tsv" "${RUNNER_INPUTS[@]:$((2 * i)):2}"
  recordings+=("${names[$i]}=$OUT/${names[$i]}.jfr")
done

{
  echo "# Where Leakproof's compile time goes"
  echo
  echo "\`bash bench/profile.sh --libs $libs --warmup $warmup --iterations $iterations\`, $(date -u +%Y-%m-%d)," \
       "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')."
  echo "Error Prone with all Leakproof checks; JDK Flight Recorder execution samples every 1 ms of the"
  echo "compiling thread during the measured rounds. Each cell: share of that thread's samples, ± the"
  echo "approximate 95% sampling interval (1.96·√n/N). Suppression bookkeeping: samples in Error Prone's"
  echo "\`SuppressionInfo\` or \`Scanner.isSuppressed\`/\`updateSuppressions\` with no Leakproof frame (it exists with no checks too)."
  echo
  "$JDK/bin/java" -cp "$RUNNER_CP" dev.leakproof.bench.Profile --plugin "$plugin" --top "$top" \
    --rounds "$OUT/rounds.tsv" "${recordings[@]}"
} >"$OUT/profile.md"
echo
cat "$OUT/profile.md"
echo
echo "Wrote $OUT/profile.md"
