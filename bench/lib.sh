# Shared by bench/corpus.sh and bench/benchmark.sh.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

die() { echo "$(basename "$0"): $*" >&2; exit 2; }

# Prints the home of a JDK 21+: JAVA_HOME if it qualifies, otherwise the newest one in /usr/lib/jvm.
find_jdk() {
  local home best="" best_major=0 major
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [[ -n "$home" && -x "$home/bin/javac" && -f "$home/release" ]] || continue
    major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")"
    [[ -n "$major" ]] || continue
    if [[ "$home" == "${JAVA_HOME:-}" && "$major" -ge 21 ]]; then
      echo "$home"
      return
    fi
    if (( major > best_major )); then best="$home"; best_major="$major"; fi
  done
  (( best_major >= 21 )) || die "no JDK 21+ found (set JAVA_HOME)"
  echo "$best"
}

# Runs Maven quietly; shows its log only when it fails.
mvn_quiet() {
  local log
  log="$(mktemp)"
  if ! mvn -B -q "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "$(basename "$0"): mvn $* failed" >&2
    return 1
  fi
  rm -f "$log"
}

# Builds this project's checker and annotations jars; sets PROJECT_JARS and PROJECT_CHECKS.
build_project() {
  echo "Building leakproof-checker and leakproof-annotations ..."
  (cd "$ROOT" && mvn_quiet -pl checker -am package -DskipTests) || die "cannot build the project"
  local checker annotations
  checker="$(ls "$ROOT"/checker/target/leakproof-checker-*.jar | grep -v -e sources -e javadoc | head -1)"
  annotations="$(ls "$ROOT"/annotations/target/leakproof-annotations-*.jar | grep -v -e sources -e javadoc | head -1)"
  PROJECT_JARS="$checker:$annotations"
  # Check names are the simple names of the classes registered as BugChecker services.
  PROJECT_CHECKS="$(unzip -p "$checker" META-INF/services/com.google.errorprone.bugpatterns.BugChecker 2>/dev/null \
    | sed -e 's/#.*//' -e 's/.*\.//' | grep -v '^[[:space:]]*$' | LC_ALL=C sort | paste -sd, - || true)"
  echo "Checks: ${PROJECT_CHECKS:-<none>}"
}


# Sets PLUGIN to the Leakproof jars to measure: $1 when given (`--plugin`), else this project's,
# built now.
plugin_jars() {
  if [[ -n "$1" ]]; then
    PLUGIN="$1"
  else
    build_project
    PLUGIN="$PROJECT_JARS"
  fi
}

# Builds the benchmark runner (bench/pom.xml) with JDK $1 and copies it into directory $2, so that
# a rebuild cannot disturb a run; sets RUNNER_CP (the runner and its dependencies).
build_runner() {
  local jdk="$1" out="$2" bench="$ROOT/bench"
  echo "Building the benchmark runner ..."
  JAVA_HOME="$jdk" mvn_quiet -f "$bench/pom.xml" package || die "cannot build bench/pom.xml"
  mkdir -p "$out"
  cp "$bench/target/leakproof-bench-1.jar" "$out/runner.jar"
  RUNNER_CP="$out/runner.jar:$(cat "$bench/target/runtime-classpath.txt")"
}

# The JVM flags the runner needs (Error Prone reaches into javac's internals); sets RUNNER_FLAGS.
runner_flags() {
  RUNNER_FLAGS=(-Xms2g -Xmx4g -XX:+UseParallelGC)
  local pkg
  for pkg in api code comp file main model parser processing tree util; do
    RUNNER_FLAGS+=("--add-exports=jdk.compiler/com.sun.tools.javac.$pkg=ALL-UNNAMED")
  done
  RUNNER_FLAGS+=("--add-opens=jdk.compiler/com.sun.tools.javac.code=ALL-UNNAMED"
                 "--add-opens=jdk.compiler/com.sun.tools.javac.comp=ALL-UNNAMED"
                 -Dleakproof.failOnCrash=true)
}

# Fetches the corpus libraries named in $@ (each `lib` or `lib1+lib2`, compiled as one input) and
# sets RUNNER_INPUTS to the runner's `--input name=dir[+dir]` arguments, in the same order, and
# LIB_DIR[lib] to each library's prepared directory.
prepare_inputs() {
  declare -gA LIB_DIR=()
  local lib dir name dirs
  while read -r lib dir; do LIB_DIR[$lib]="$dir"; done \
    < <(bash "$ROOT/bench/corpus.sh" --prepare "$(printf '%s\n' "$@" | tr '+' '\n' | sort -u | paste -sd, -)")
  RUNNER_INPUTS=()
  for name in "$@"; do
    dirs=""
    for lib in ${name//+/ }; do
      [[ -n "${LIB_DIR[$lib]:-}" ]] || die "no corpus library '$lib' (see bench/corpus/)"
      dirs+="${dirs:++}${LIB_DIR[$lib]}"
    done
    RUNNER_INPUTS+=(--input "$name=$dirs")
  done
}
