#!/usr/bin/env bash
# Installs what AEVLP's local mode and its tests need on Debian or Ubuntu. Safe to re-run: each step
# is skipped when already done. Needs the .NET 10 SDK already installed (https://dot.net).
#   apt:  postgresql (server binaries), rabbitmq-server, dataset-fashion-mnist, nodejs + npm if absent
#   npm:  Azurite, pinned by infra/azurite/package-lock.json
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

packages=(postgresql rabbitmq-server dataset-fashion-mnist)
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
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

# The lockfile copied beside node_modules marks which lockfile the installed tree came from.
installed_lock="$here/azurite/node_modules/.aevlp-installed-lock.json"
if [ ! -x "$here/azurite/node_modules/.bin/azurite-blob" ] || ! cmp -s "$here/azurite/package-lock.json" "$installed_lock"; then
  say "installing Azurite (npm ci in infra/azurite)"
  (cd "$here/azurite" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$here/azurite/package-lock.json" "$installed_lock"
else
  say "Azurite present"
fi

say "done. Start the platform: dotnet run --project AEVLP.AppHost"
