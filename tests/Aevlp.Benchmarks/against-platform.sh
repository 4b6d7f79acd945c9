#!/usr/bin/env bash
# Runs one benchmark of tests/Aevlp.Benchmarks against the whole platform, after ./infra/setup.sh: builds the platform and
# the benchmarks in Release, starts the platform as `dotnet run` does (its launch profile, local mode, the tracker on port
# 5055, data in $AEVLP_BENCH_DIR), waits for the tracker and the registry, then AEVLP_BENCH_SETTLE seconds (60) so the
# other services' start-up is over, runs the benchmark with the API key from the data folder's credentials.json (as
# MLFLOW_TRACKING_TOKEN and AEVLP_API_KEY), and stops the platform.
# Usage: against-platform.sh BENCHMARK [benchmark arguments…]
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${AEVLP_BENCH_DIR:-/tmp/aevlp-bench}
tracker=5055
registry=http://localhost:5100
mkdir -p "$data"
dotnet build -c Release AEVLP.AppHost -v q -nologo
dotnet build -c Release tests/Aevlp.Benchmarks -v q -nologo
# Its own process group, so stopping it stops the servers it started (SIGTERM: a background job ignores SIGINT).
setsid dotnet run --no-build -c Release --project AEVLP.AppHost --launch-profile http -- \
    --Infrastructure:Mode=local --Infrastructure:DataDir="$data" --Tracking:Port=$tracker > "$data/apphost.log" 2>&1 &
platform=$!
trap 'kill -TERM -- -$platform 2>/dev/null || true; wait $platform 2>/dev/null || true' EXIT
for url in "http://localhost:$tracker/health" "$registry/health"; do
    for _ in $(seq 1 300); do
        curl -sf "$url" > /dev/null && break
        kill -0 $platform 2>/dev/null || { echo "the platform stopped; see $data/apphost.log" >&2; exit 1; }
        sleep 1
    done
    curl -sf "$url" > /dev/null || { echo "$url did not answer in 5 min; see $data/apphost.log" >&2; exit 1; }
done
# The other services start beside these two (the pseudo-labeler seeds the demo dataset on a first start): let them
# settle, so the timings measure the benchmark rather than their start-up on the same 2 cores.
sleep "${AEVLP_BENCH_SETTLE:-60}"
token=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["ApiKey"])' "$data/credentials.json")
MLFLOW_TRACKING_URI=http://localhost:$tracker MLFLOW_TRACKING_TOKEN=$token AEVLP_REGISTRY=$registry AEVLP_API_KEY=$token \
    dotnet run --no-build -c Release --project tests/Aevlp.Benchmarks -- "$@"
