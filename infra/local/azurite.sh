#!/usr/bin/env bash
# Azurite blob service for AEVLP local mode (started by the AppHost; see README "Local mode").
# Azurite comes from infra/azurite (npm, pinned by its lockfile; installed by infra/setup.sh).
# The account and its key are generated per install (AZURITE_ACCOUNTS), not Azurite's well-known one.
set -euo pipefail
: "${AEVLP_AZURITE_BIN:?}" "${AEVLP_BLOB_DATA:?}" "${AEVLP_BLOB_PORT:?}" "${AZURITE_ACCOUNTS:?}"
mkdir -p "$AEVLP_BLOB_DATA"
# Azure.Storage.Blobs sends a newer service version than Azurite 3.37 knows; it is compatible.
exec "$AEVLP_AZURITE_BIN" --blobHost "${AEVLP_BIND_ADDRESS:-127.0.0.1}" --blobPort "$AEVLP_BLOB_PORT" \
  --location "$AEVLP_BLOB_DATA" --skipApiVersionCheck --disableTelemetry
