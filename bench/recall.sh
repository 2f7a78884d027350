#!/usr/bin/env bash
# Recall on real bugs: runs all checks over the releases of bench/recall/<lib>/ (each pins the last
# release that still had a bug fixed upstream) and tells, for every bug of bench/recall/bugs.tsv,
# whether its check reports it at that line.
#
#   bash bench/recall.sh                 Builds this project's jars and runs every library.
#   bash bench/recall.sh --plugin <jars> Measures other jars (checker.jar:annotations.jar).
#
# Prints one line per bug (found / missed), then the count. Exits non-zero when a bug marked
# `found` in bugs.tsv is missed (a lost detection), or when a library fails to compile or a check
# crashes. A bug marked `missed` that is now found is reported, so the file can be updated.
# The other findings in these libraries are in bench/target/recall/<lib>.txt; docs/real-world.md
# gives their verdicts.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"

plugin=""
while (($#)); do
  case "$1" in
    --plugin) plugin="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

build_project
jars="${plugin:-$PROJECT_JARS}"
out="$BENCH/target/recall"
rm -rf "$out"
libs="$(cut -f1 "$BENCH/recall/bugs.tsv" | grep -v '^#' | LC_ALL=C sort -u | paste -sd, -)"

status=0
bash "$BENCH/corpus.sh" --libs-dir "$BENCH/recall" --processor-path "$jars" \
  --checks "$PROJECT_CHECKS" --libs "$libs" --out "$out" || status=1

found=0 total=0
while IFS=$'\t' read -r lib location check expect evidence; do
  [[ -z "$lib" || "$lib" == \#* ]] && continue
  total=$((total + 1))
  file="${location%:*}" line="${location##*:}"
  if grep -qF "$file:[$line," "$out/$lib.txt" 2>/dev/null \
      && grep -F "$file:[$line," "$out/$lib.txt" | grep -qF "[$check]"; then
    found=$((found + 1))
    result="found"
    [[ "$expect" == missed ]] && result="found (bugs.tsv says missed: update it)"
  else
    result="missed"
    if [[ "$expect" == found ]]; then
      result="MISSED (was found)"
      status=1
    fi
  fi
  printf '%-26s %-12s %s [%s] %s\n' "$lib" "$result" "$location" "$check" "$evidence"
done <"$BENCH/recall/bugs.tsv"
echo "Recall: $found of $total real bugs reported."
exit "$status"
