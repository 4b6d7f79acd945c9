#!/usr/bin/env bash
# The experiment tracker benchmark of docs/benchmarks.md ("Experiment tracker"), after ./infra/setup.sh: builds the
# platform and the benchmark in Release, starts the platform as `dotnet run` does (its launch profile, local mode, the
# tracker on port 5055, data in $AEVLP_BENCH_DIR), runs the benchmark against that tracker, and stops the platform.
# Arguments go to the benchmark; AEVLP_BENCH_RUNS sets the number of runs (10,000 by default); AEVLP_BENCH_SETTLE the
# seconds waited after the tracker is healthy (60).
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${AEVLP_BENCH_DIR:-/tmp/aevlp-bench}
port=5055
mkdir -p "$data"
dotnet build -c Release AEVLP.AppHost -v q -nologo
dotnet build -c Release tests/Aevlp.Benchmarks -v q -nologo
# Its own process group, so stopping it stops the servers it started (SIGTERM: a background job ignores SIGINT).
setsid dotnet run --no-build -c Release --project AEVLP.AppHost --launch-profile http -- \
    --Infrastructure:Mode=local --Infrastructure:DataDir="$data" --Tracking:Port=$port > "$data/apphost.log" 2>&1 &
platform=$!
trap 'kill -TERM -- -$platform 2>/dev/null || true; wait $platform 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
    curl -sf "http://localhost:$port/health" > /dev/null && break
    kill -0 $platform 2>/dev/null || { echo "the platform stopped; see $data/apphost.log" >&2; exit 1; }
    sleep 1
done
curl -sf "http://localhost:$port/health" > /dev/null || { echo "the tracker did not become healthy in 5 min; see $data/apphost.log" >&2; exit 1; }
# The other services start beside the tracker (the pseudo-labeler seeds the demo dataset on a first start): let them
# settle, so the timings measure the tracker rather than their start-up on the same 2 cores.
sleep "${AEVLP_BENCH_SETTLE:-60}"
token=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["ApiKey"])' "$data/credentials.json")
MLFLOW_TRACKING_URI=http://localhost:$port MLFLOW_TRACKING_TOKEN=$token \
    dotnet run --no-build -c Release --project tests/Aevlp.Benchmarks -- tracking-server "$@"
