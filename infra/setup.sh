#!/usr/bin/env bash
# Installs what AEVLP's local mode and its tests need on Debian or Ubuntu. Safe to re-run: each step
# is skipped when already done. Needs the .NET 10 SDK already installed (https://dot.net).
#   apt:  postgresql (server binaries), rabbitmq-server, dataset-fashion-mnist, chromium (browser tests),
#         fonts-dejavu-core (the text of the training-curve picture),
#         python3-torch, -torchvision, -onnx and -sklearn (tests that check against PyTorch's own files and math, the
#         test teachers and weights, and the benchmarks' Python references), nodejs + npm, and curl + jq (the README's
#         HTTP examples), and libopenblas0-pthread (Debian's torch and numpy otherwise multiply matrices with the
#         single-threaded reference BLAS, which would make PyTorch a strawman in the benchmarks), if absent
#   npm:  Azurite, pinned by infra/azurite/package-lock.json; the npm mlflow client of the tracker's conformance
#         test, pinned by tests/Aevlp.Tracking.Tests/conformance/package-lock.json
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

say() { printf 'setup: %s\n' "$*"; }

if [ ! -r /etc/os-release ] || ! grep -qiE '^(ID|ID_LIKE)=.*(debian|ubuntu)' /etc/os-release; then
  say "unsupported OS: this script installs with apt on Debian or Ubuntu."
  say "elsewhere install PostgreSQL 15+, RabbitMQ 3.x, Node.js 18+ and Fashion-MNIST yourself, then run:"
  say "  (cd infra/azurite && npm ci)   and set Infrastructure:PostgresBinDir / RabbitMqBinDir (see README)."
  exit 2
fi

sudo=()
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { say "run as root or install sudo"; exit 2; }
  sudo=(sudo)
fi

packages=(postgresql rabbitmq-server dataset-fashion-mnist chromium fonts-dejavu-core python3-torch python3-torchvision python3-onnx python3-sklearn libopenblas0-pthread)
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
command -v curl >/dev/null || packages+=(curl)
command -v jq >/dev/null || packages+=(jq)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  # Debian starts system-wide servers after install; AEVLP never uses them (it runs private ones on
  # random loopback ports), so they are left as the distribution configures them.
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "apt packages present"
fi

# npm ci in a folder unless node_modules already came from the same lockfile (a copy of which, kept beside
# node_modules, marks which lockfile the installed tree came from). $1: folder, $2: what it is, $3: a file it installs.
npm_ci() {
  local dir="$1" what="$2" marker="$1/node_modules/.aevlp-installed-lock.json"
  if [ ! -e "$3" ] || ! cmp -s "$dir/package-lock.json" "$marker"; then
    say "installing $what (npm ci in ${dir#"$here/../"})"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    cp "$dir/package-lock.json" "$marker"
  else
    say "$what present"
  fi
}
npm_ci "$here/azurite" "Azurite" "$here/azurite/node_modules/.bin/azurite-blob"
conformance="$here/../tests/Aevlp.Tracking.Tests/conformance"
npm_ci "$conformance" "npm mlflow (tracker conformance test)" "$conformance/node_modules/mlflow/package.json"

say "done. Start the platform: dotnet run --project AEVLP.AppHost"
