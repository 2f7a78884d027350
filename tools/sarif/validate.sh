#!/usr/bin/env bash
# Validates SARIF files with Microsoft's SARIF Multitool (its `validate` command; the version is
# pinned in package.json and package-lock.json beside this script, installed here on first use).
# Fails on any error or warning the Multitool reports; its notes are advice ("provide code
# snippets", "URI not reachable" without a network) and are printed as a count only.
#
#   bash tools/sarif/validate.sh file.sarif...
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tool="$here/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -e "$tool" ]; then
  npm ci --prefix "$here" --no-audit --no-fund --loglevel=error
fi
chmod u+x "$tool"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for file in "$@"; do
  if [ ! -s "$file" ]; then
    echo "SARIF check: $file is missing or empty" >&2
    status=1
    continue
  fi
  rm -f "$work/result.sarif"
  "$tool" validate --level Error Warning Note -o "$work/result.sarif" "$file" > "$work/console.txt" 2>&1 || {
    cat "$work/console.txt" >&2
    status=1
    continue
  }
  # Each result's level, or its rule's default level, or SARIF's default ("warning").
  node -e '
    const [file, result] = process.argv.slice(1);
    const run = JSON.parse(require("fs").readFileSync(result, "utf8")).runs[0];
    const rules = run.tool.driver.rules || [];
    const levelOf = r => r.level
      || (rules[r.ruleIndex] && rules[r.ruleIndex].defaultConfiguration && rules[r.ruleIndex].defaultConfiguration.level)
      || "warning";
    const bad = (run.results || []).filter(r => levelOf(r) === "error" || levelOf(r) === "warning");
    const notes = (run.results || []).length - bad.length;
    for (const r of bad) {
      const text = r.message.text || (r.message.arguments || []).join(": ");
      console.error(`${file}: ${levelOf(r)} ${r.ruleId}: ${text}`);
    }
    console.log(`SARIF Multitool: ${file}: ${bad.length} errors or warnings, ${notes} notes`);
    process.exit(bad.length === 0 ? 0 : 1);
  ' "$file" "$work/result.sarif" || status=1
done
exit $status
