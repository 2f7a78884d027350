#!/usr/bin/env bash
# Measures what leakproof-junit adds to a suite of clean tests (see docs/performance.md,
# "leakproof-junit at run time"). Not part of `mvn verify`.
#
#   bash bench/junit/benchmark.sh [--quick] [--warmup N] [--rounds N] [--cold N] [--jdk HOME]
#
# Builds leakproof-junit (`mvn -pl junit package`) and the runner (bench/junit/pom.xml), then runs
# a suite of 500 trivial tests (10 classes x 50) through the JUnit Platform launcher:
#   1. in one warm JVM, again and again, in rotated order: without the extension ("none"), with an
#      extension that has the same callbacks and does nothing ("noop-extension": JUnit's own share),
#      with @DetectThreadLeaks on every class ("checked"), and with the auto-detected whole-run
#      check ("whole-run"); the added cost per test is the median of paired per-round differences;
#   2. the same with 200 idle background threads alive (snapshots list every thread);
#   3. once per fresh JVM, --cold N times per configuration, for one-time costs (class loading, and
#      starting JDK Flight Recorder with leakproof.junit.jfr=true: "checked-jfr").
# --jdk runs the measurements on another JDK (the library supports 11+; default: the newest 21+).
# Writes bench/junit/target/results/{warm.md,warm-200-threads.md,cold.md}.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
source "$HERE/../lib.sh"
OUT="$HERE/target/results"

warmup=10 rounds=30 cold=5 jdk=""
while (($#)); do
  case "$1" in
    --quick) warmup=3; rounds=5; cold=2; shift ;;
    --rounds) rounds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --cold) cold="$2"; shift 2 ;;
    --jdk) jdk="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

BUILD_JDK="$(find_jdk)"
RUN_JDK="${jdk:-$BUILD_JDK}"
[[ -x "$RUN_JDK/bin/java" ]] || die "no java in $RUN_JDK"
echo "Building leakproof-junit and the runner (JDK $BUILD_JDK) ..."
(cd "$ROOT" && mvn_quiet -pl junit package -DskipTests) || die "cannot build leakproof-junit"
jar="$(ls "$ROOT"/junit/target/leakproof-junit-*.jar | grep -v -e sources -e javadoc | head -1)"
JAVA_HOME="$BUILD_JDK" mvn_quiet -f "$HERE/pom.xml" package -Dleakproof.junit.jar="$jar" \
  || die "cannot build bench/junit/pom.xml"
mkdir -p "$OUT"
cp "$jar" "$OUT/leakproof-junit.jar"  # so that a rebuild cannot disturb a run
cp "$HERE/target/leakproof-junit-bench-1.jar" "$OUT/runner.jar"
cp_="$OUT/runner.jar:$OUT/leakproof-junit.jar:$(cat "$HERE/target/runtime-classpath.txt")"
java=("$RUN_JDK/bin/java" -Xms512m -Xmx512m -cp "$cp_" dev.leakproof.bench.junit.JUnitOverhead)
echo "Running on $("$RUN_JDK/bin/java" -version 2>&1 | head -1)"

"${java[@]}" --warmup "$warmup" --rounds "$rounds" --out "$OUT/warm.md"
"${java[@]}" --warmup "$warmup" --rounds "$rounds" --background-threads 200 --out "$OUT/warm-200-threads.md"

echo "Cold runs: $cold fresh JVMs per configuration ..."
: > "$OUT/cold.tsv"
for ((i = 0; i < cold; i++)); do
  for config in none noop-extension checked whole-run checked-jfr; do
    printf '%s\t%s\n' "$config" "$("${java[@]}" --cold "$config" | tail -1 | tr ' ' '\t')" >> "$OUT/cold.tsv"
  done
done
{
  echo "One run of the suite in a fresh JVM (after JVM start: loading JUnit and the library, interpreted and"
  echo "JIT-compiled code), median of $cold runs; the added cost is also shown spread over the 500 tests."
  echo
  echo "| Configuration | Wall, ms | CPU of the test thread, ms | CPU of the process, ms | Added CPU of the process vs none, ms | Same, per test, µs |"
  echo "|---|---:|---:|---:|---:|---:|"
  median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
  base=""
  for config in none noop-extension checked whole-run checked-jfr; do
    wall="$(awk -v c="$config" '$1 == c { print $2 }' "$OUT/cold.tsv" | median)"
    cpu="$(awk -v c="$config" '$1 == c { print $3 }' "$OUT/cold.tsv" | median)"
    process="$(awk -v c="$config" '$1 == c { print $4 }' "$OUT/cold.tsv" | median)"
    [[ -n "$base" ]] || base="$process"
    printf '| %s | %s | %s | %s | %s | %s |\n' "$config" "$wall" "$cpu" "$process" \
      "$(awk -v a="$process" -v b="$base" 'BEGIN { printf "%.1f", a - b }')" \
      "$(awk -v a="$process" -v b="$base" 'BEGIN { printf "%.1f", (a - b) * 1000 / 500 }')"
  done
} > "$OUT/cold.md"
cat "$OUT/cold.md"
echo "Results in $OUT"
