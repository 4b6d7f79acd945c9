#!/usr/bin/env bash
# What ASHA saves (docs/benchmarks.md, "Search: what ASHA saves"), after ./infra/setup.sh. AEVLP_BENCH_EPOCHS sets the
# epochs per trial (9); the rest as against-platform.sh says.
exec "$(dirname "$0")/against-platform.sh" search-savings "$@"
