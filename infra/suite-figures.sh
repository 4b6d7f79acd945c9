#!/usr/bin/env bash
# The README's suite figures: clones the committed HEAD into a temporary folder and runs the README's test command there
# (what .ci/run does), with a TRX logger to count the tests. Prints one line for the README. Takes as long as the suite.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet "$root" "$work/aevlp"
cd "$work/aevlp"
commit=$(git rev-parse --short HEAD)
start=$(date +%s)
status=0
./infra/setup.sh && dotnet test --logger trx --results-directory "$work/results" || status=$?
seconds=$(( $(date +%s) - start ))
python3 - "$work/results" "$seconds" "$commit" "$(nproc)" <<'PY'
import glob, sys, datetime, xml.etree.ElementTree as ET
results, seconds, commit, cores = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
totals = {"total": 0, "passed": 0, "failed": 0, "notExecuted": 0}
for trx in glob.glob(f"{results}/*.trx"):
    counters = ET.parse(trx).getroot().find("t:ResultSummary/t:Counters", ns)
    for key in totals:
        totals[key] += int(counters.get(key, 0))
print(f"{totals['total']} tests ({totals['passed']} passed, {totals['failed']} failed, {totals['notExecuted']} skipped) "
      f"in {seconds // 60} min {seconds % 60} s on {cores} cores, clean clone of {commit}, {datetime.date.today().isoformat()}")
PY
exit $status
