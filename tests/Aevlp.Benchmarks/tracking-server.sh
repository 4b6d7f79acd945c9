#!/usr/bin/env bash
# The experiment tracker benchmark of docs/benchmarks.md ("Experiment tracker"), after ./infra/setup.sh. Arguments go to the
# benchmark; AEVLP_BENCH_RUNS sets the number of runs (10,000 by default); the rest as against-platform.sh says.
exec "$(dirname "$0")/against-platform.sh" tracking-server "$@"
