#!/usr/bin/env bash
# The README's vulnerable-package figure: every project's packages, transitive ones included, against the advisories of
# the configured package sources. Prints one line for the README, and each vulnerable package when there is one; exits 1
# then.
set -euo pipefail
cd "$(dirname "$0")/.."
report=$(mktemp)
trap 'rm -f "$report"' EXIT
dotnet list AEVLP.sln package --vulnerable --include-transitive --format json > "$report"
python3 - "$report" <<'PY'
import json, sys, datetime
report = json.load(open(sys.argv[1]))
found = [(p["path"], pkg["id"], pkg["resolvedVersion"], a.get("severity"), a.get("advisoryurl"))
         for p in report["projects"] for f in p.get("frameworks", [])
         for pkg in f.get("topLevelPackages", []) + f.get("transitivePackages", [])
         for a in pkg.get("vulnerabilities", [])]
where = ", ".join(report["sources"])
for path, package, version, severity, url in found:
    print(f"{package} {version} ({severity}) in {path}: {url}")
print(f"{len(found)} vulnerable package(s) in {len(report['projects'])} projects, against the advisories of {where}, "
      f"{datetime.date.today().isoformat()}")
sys.exit(1 if found else 0)
PY
