#!/usr/bin/env bash
# Runs every test against real PostgreSQL, RabbitMQ and smtp4dev (started by the tests' fixtures
# and the AppHost), then prints one closing line: "tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"
# Style first, since it takes a second and the build minutes: every line in src, tests and bench
# within 120 characters (issue #16).
if ! eng/check-lines.sh; then
  echo "test.sh: the lines above are over 120 characters. Wrap them (C#: dotnet csharpier format <files>," >&2
  echo "then split long strings by hand) and run again. Nothing was built or tested." >&2
  exit 1
fi
eng/setup.sh
dotnet build HabatanAspire.sln -nologo -clp:ErrorsOnly
log=$(mktemp)
status=0
# A hung test fails the run after 10 minutes instead of eating CI's budget.
dotnet test HabatanAspire.sln --no-build -nologo --blame-hang-timeout 10m "$@" 2>&1 | tee "$log" || status=$?
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
# CI keeps only the end of the output: name each failed test there, with its message's first line.
if [ "$failed" -gt 0 ]; then
  echo "failed tests:"
  grep -A2 -E '^ +Failed [A-Za-z_]' "$log" | grep -vE '^--$|Error Message:' | sed -E 's/^ +/  /' | cut -c1-300
fi
rm -f "$log"
echo "tests: $passed passed, $failed failed"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then echo "no test ran"; exit 1; fi
exit "$status"
