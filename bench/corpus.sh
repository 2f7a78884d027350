#!/usr/bin/env bash
# Compiles real open-source libraries with Error Prone plus the given checks and lists the warnings.
#
#   bash bench/corpus.sh --processor-path <jars> --checks <Name1,Name2> --libs <lib1,lib2|all> --out <dir>
#       Writes <dir>/<lib>.txt: one sorted line per warning of the given checks,
#       `path:[line,col] [Check] first line of message` (path relative to the library's source root,
#       1-based column counted in characters).
#   bash bench/corpus.sh --golden   Builds this project's jars, runs all its checks on all libraries
#                                   and rewrites bench/golden/<lib>.txt.
#   bash bench/corpus.sh --check    The same, but compares with bench/golden/ instead of writing.
#   bash bench/corpus.sh --smoke    Builds the jars and runs all checks on one library (crash-free).
#   bash bench/corpus.sh --prepare <lib1,lib2|all>   Only fetches; prints `<lib> <dir>` per library
#                                   (dir holds src/, sources.txt and classpath.txt).
#
# Exits non-zero on a compile error, on an Error Prone crash or exception stack in javac's output,
# and (with --check) on any difference from the golden files.
#
# Libraries are the directories bench/corpus/<lib>/ (a pom.xml pinning the library and the
# dependencies its sources need); `--libs-dir <dir>` reads them from another directory instead
# (bench/recall/, see recall.sh). Downloads go to ~/.m2 through Maven; the unpacked sources and
# classpaths are cached in bench/target/corpus/.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$BENCH/target/corpus"
LIBS_DIR="$BENCH/corpus"  # --libs-dir: where the libraries' poms are (bench/recall for recall.sh)
SMOKE_LIB=caffeine

# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"

usage() {
  sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# Resolves Error Prone's jars once; prints their classpath.
errorprone_classpath() {
  local pom="$BENCH/corpus/errorprone.xml" stamp="$WORK/errorprone-classpath.txt"
  if [[ ! -s "$stamp" || "$pom" -nt "$stamp" ]]; then
    mvn_quiet -f "$pom" generate-sources -Dcorpus.dir="$WORK" || die "cannot resolve Error Prone"
  fi
  cat "$stamp"
}

# A multi-release sources jar (jsch) has META-INF/versions/<N>/ copies of some classes: lays them
# over the base sources in ascending N, so each class is compiled once, as the newest JDK sees it.
merge_multi_release() {
  local src="$1" version
  [[ -d "$src/META-INF/versions" ]] || return 0
  for version in $(ls "$src/META-INF/versions" | grep -E '^[0-9]+$' | sort -n); do
    cp -R "$src/META-INF/versions/$version/." "$src/"
  done
  rm -rf "$src/META-INF"
}

# Unpacks the sources of a library and resolves its classpath, unless cached; prints the directory.
# The directory name includes a hash of the poms, so a changed pom never disturbs a running compile.
prepare_lib() {
  local lib="$1" pom="$LIBS_DIR/$1/pom.xml" dir
  [[ -f "$pom" ]] || die "unknown library '$lib' (no $pom)"
  dir="$WORK/$lib-$(cat "$BENCH/corpus/pom.xml" "$pom" | sha1sum | cut -c1-10)"
  if [[ ! -f "$dir/.ready" ]]; then
    rm -rf "$dir.tmp.$$"
    mkdir -p "$dir.tmp.$$"
    if ! mvn_quiet -f "$pom" generate-sources -Dcorpus.dir="$dir.tmp.$$"; then
      rm -rf "$dir.tmp.$$"
      return 1
    fi
    merge_multi_release "$dir.tmp.$$/src"
    find "$dir.tmp.$$/src" -name '*.java' ! -name module-info.java | sed "s|^$dir.tmp.$$/src/||" \
      | LC_ALL=C sort >"$dir.tmp.$$/sources.txt"
    touch "$dir.tmp.$$/.ready"
    mv -T "$dir.tmp.$$" "$dir" 2>/dev/null || rm -rf "$dir.tmp.$$"  # another run was faster
  fi
  echo "$dir"
}

all_libs() {
  local pom
  for pom in "$LIBS_DIR"/*/pom.xml; do basename "$(dirname "$pom")"; done
}

# Turns javac's text output into `path:[line,col] [Check] message` lines for the given checks.
# A warning is a header `<file>:<line>: warning: [Check] message`; its column is the position of
# the caret in the first caret-only line after it.
extract_warnings() {
  local src="$1" checks="$2"
  awk -v src="$src/" -v checks=",$checks," '
    match($0, /^.*\.java:[0-9]+: warning: \[[A-Za-z0-9_]+\] /) {
      head = substr($0, 1, RLENGTH); msg = substr($0, RLENGTH + 1)
      check = head; sub(/^.*: warning: \[/, "", check); sub(/\] $/, "", check)
      file = head; sub(/: warning: .*$/, "", file)
      line = file; sub(/^.*:/, "", line); sub(/:[0-9]+$/, "", file)
      if (index(file, src) == 1) file = substr(file, length(src) + 1)
      pending = (index(checks, "," check ",") > 0)
      next
    }
    pending && /^[ \t]*\^$/ {
      printf "%s:[%d,%d] [%s] %s\n", file, line, index($0, "^"), check, msg
      pending = 0
    }
  ' | LC_ALL=C sort
}

# Compiles one library with Error Prone and the given checks; writes <out>/<lib>.txt.
# Returns non-zero on a compile error or a crash.
run_lib() {
  local lib="$1" checks="$2" procpath="$3" out="$4"
  local dir classes log sources status=0 check
  local xep="-XepDisableAllChecks"
  for check in ${checks//,/ }; do xep+=" -Xep:$check:WARN"; done

  dir="$(prepare_lib "$lib")" || return 1
  classes="$(mktemp -d)"
  log="$out/$lib.javac.log"
  sources="$(mktemp)"
  sed "s|^|$dir/src/|" "$dir/sources.txt" >"$sources"

  local start=$SECONDS
  "$JDK/bin/javac" \
    -J-Xmx3g -J-Xss4m \
    "${EXPORTS[@]}" \
    -J-Dleakproof.failOnCrash=true \
    -XDcompilePolicy=simple --should-stop=ifError=FLOW \
    -processorpath "$procpath" \
    "-Xplugin:ErrorProne $xep" \
    -implicit:none -Xlint:none -encoding UTF-8 \
    -Xmaxwarns 100000 -Xmaxerrs 100 \
    -cp "$(cat "$dir/classpath.txt")" \
    -d "$classes" \
    "@$sources" >"$log" 2>&1 || status=$?
  rm -rf "$classes" "$sources"

  extract_warnings "$dir/src" "$checks" <"$log" >"$out/$lib.txt"
  echo "$lib: $(wc -l <"$dir/sources.txt") files, $(wc -l <"$out/$lib.txt") warnings, $((SECONDS - start))s"

  if grep -q -e 'An unhandled exception was thrown by the Error Prone' \
      -e '^[[:space:]]*at [A-Za-z_$][A-Za-z0-9_$./]*(.*)$' -e '^Exception in thread' "$log"; then
    echo "$lib: Error Prone or a check crashed, see $log" >&2
    grep -m 20 -B 2 -A 8 -e 'An unhandled exception' -e 'Exception' "$log" >&2 || true
    return 1
  fi
  if (( status != 0 )); then
    echo "$lib: javac failed (exit $status), see $log" >&2
    grep -m 20 -A 3 ': error: ' "$log" >&2 || true
    return 1
  fi
}

main() {
  local mode="run" procpath="" checks="" libs="" out="" lib
  while (($#)); do
    case "$1" in
      --processor-path) procpath="$2"; shift 2 ;;
      --checks) checks="$2"; shift 2 ;;
      --libs) libs="$2"; shift 2 ;;
      --out) out="$2"; shift 2 ;;
      --libs-dir) LIBS_DIR="$(cd "$2" && pwd)"; shift 2 ;;
      --golden) mode="golden"; shift ;;
      --check) mode="check"; shift ;;
      --smoke) mode="smoke"; shift ;;
      --prepare) mode="prepare"; libs="$2"; shift 2 ;;
      -h|--help) usage ;;
      *) die "unknown argument '$1' (see --help)" ;;
    esac
  done

  case "$mode" in
    prepare)
      [[ "$libs" == all ]] && libs="$(all_libs | paste -sd, -)"
      local dir
      for lib in ${libs//,/ }; do
        dir="$(prepare_lib "$lib")" || exit 2
        echo "$lib $dir"
      done
      exit 0
      ;;
    run)
      [[ -n "$libs" && -n "$out" ]] || usage ;;
    golden|check|smoke)
      build_project
      procpath="$PROJECT_JARS"
      checks="$PROJECT_CHECKS"
      libs="all"
      [[ "$mode" == smoke ]] && libs="$SMOKE_LIB"
      out="$WORK/out-$mode"
      ;;
  esac
  [[ "$libs" == all ]] && libs="$(all_libs | paste -sd, -)"

  JDK="$(find_jdk)"
  echo "javac: $JDK"
  EXPORTS=()
  local pkg
  for pkg in api code comp file main model parser processing tree util; do
    EXPORTS+=("-J--add-exports=jdk.compiler/com.sun.tools.javac.$pkg=ALL-UNNAMED")
  done
  EXPORTS+=("-J--add-opens=jdk.compiler/com.sun.tools.javac.code=ALL-UNNAMED"
            "-J--add-opens=jdk.compiler/com.sun.tools.javac.comp=ALL-UNNAMED")

  local epcp
  epcp="$(errorprone_classpath)" || exit 2
  procpath="$epcp${procpath:+:$procpath}"
  mkdir -p "$out"

  local failed=0
  for lib in ${libs//,/ }; do
    run_lib "$lib" "$checks" "$procpath" "$out" || failed=1
  done

  if [[ "$mode" == golden ]]; then
    (( failed == 0 )) || die "not updating bench/golden: a library failed (logs in $out)"
    mkdir -p "$BENCH/golden"
    for lib in ${libs//,/ }; do cp "$out/$lib.txt" "$BENCH/golden/$lib.txt"; done
    echo "Wrote bench/golden/<lib>.txt; review with git diff."
  elif [[ "$mode" == check ]]; then
    for lib in ${libs//,/ }; do
      if ! diff -u "$BENCH/golden/$lib.txt" "$out/$lib.txt"; then
        echo "$lib: warnings differ from bench/golden/$lib.txt (regenerate with --golden)" >&2
        failed=1
      fi
    done
  fi
  exit "$failed"
}

main "$@"
