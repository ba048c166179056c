#!/usr/bin/env bash
# Runs the benchmark (issue #8) against the AppHost's real parts: installs what is missing,
# builds, then prints a table of medians and writes bench/results/<timestamp>.json.
# usage: ./bench.sh [--runs 3] [--scale 1.0] [--only intake,mypage,import,audience,fanout] [--concurrency 16]
set -euo pipefail
cd "$(dirname "$0")"
eng/setup.sh
dotnet build bench/Habatan.Benchmark/Habatan.Benchmark.csproj -c Release -nologo -clp:ErrorsOnly
exec dotnet run --project bench/Habatan.Benchmark/Habatan.Benchmark.csproj -c Release --no-build -- "$@"
