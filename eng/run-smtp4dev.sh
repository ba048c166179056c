#!/usr/bin/env bash
# Runs the smtp4dev mail sink in the foreground. `dotnet tool run` would start it as a child
# process that outlives a stop signal; running its dll with `exec` leaves nothing behind.
# Used by the AppHost (executable resource) and by the test fixtures: one way to start it.
# usage: run-smtp4dev.sh DATA_DIR SMTP_PORT HTTP_PORT IMAP_PORT
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
data_dir=$(realpath -m "$1"); smtp_port=$2; http_port=$3; imap_port=$4
version=$(grep -A1 '"rnwood.smtp4dev"' "$repo/.config/dotnet-tools.json" | sed -n 's/.*"version": *"\([^"]*\)".*/\1/p')
packages=${NUGET_PACKAGES:-$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')}
dll="${packages%/}/rnwood.smtp4dev.linux-x64/$version/tools/net10.0/linux-x64/Rnwood.Smtp4dev.dll"
[ -f "$dll" ] || (cd "$repo" && dotnet tool restore >/dev/null)
mkdir -p "$data_dir"
exec dotnet "$dll" --nousersettings --baseappdatapath="$data_dir" --db= \
  --hostname=localhost --bindaddress=127.0.0.1 --smtpport="$smtp_port" \
  --imapport="$imap_port" --pop3port=0 --urls="http://127.0.0.1:$http_port" \
  --messagestokeep=1000000 --sessionstokeep=100
