#!/usr/bin/env bash
# Runs the whole system: the Aspire AppHost with its dashboard, the gateway (portal), the three
# services, PostgreSQL, RabbitMQ and the smtp4dev mail sink. Ctrl+C stops all of it.
set -euo pipefail
cd "$(dirname "$0")"
eng/setup.sh
# Demo data for a first click-through (README, "Walk-through"): an open campaign, members with
# entitlements, applicants in review and ops accounts for every role; tests start without it.
Demo__Enabled=true exec dotnet run --project src/AppHost/Habatan.AppHost.csproj --launch-profile http "$@"
