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

