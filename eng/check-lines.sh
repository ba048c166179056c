#!/usr/bin/env bash
# Prints every line over 120 characters (max_line_length in .editorconfig) in the sources,
# tests and benchmark (not its git-ignored results), as path:line: length, and exits 1 if there
# is any. Characters, not bytes (perl reads the files as UTF-8): a line of Japanese text counts
# what it shows.
# Prose (*.md) is exempt. ./test.sh runs this first, so a long line fails the run before the build.
# usage: eng/check-lines.sh   (from anywhere in the repository)
set -euo pipefail
cd "$(dirname "$0")/.."

# Applied migrations are history and stay as they ran: the migration runner stores each
# script's SHA-256 and refuses to start when an applied script changed
# (src/Infrastructure/Migrations/MigrationRunner.cs), so even re-wrapping whitespace would stop
# every existing database. Only these files, listed by name, are exempt; a new migration is checked.
applied_history=(
  src/Applications/Migrations/0001_applications.sql
  src/Members/Migrations/0003_campaign_code_rule.sql
  src/Notifications/Migrations/0002_campaigns.sql
  src/Notifications/Migrations/0003_campaign_code_rule.sql
)
exempt=()
for path in "${applied_history[@]}"; do exempt+=(-not -path "$path"); done

# xargs answers 123 when any perl run found a long line; the script answers 1.
find src tests bench -type f \
  \( -name '*.cs' -o -name '*.js' -o -name '*.html' -o -name '*.css' -o -name '*.sql' -o -name '*.json' \
     -o -name '*.sh' -o -name '*.csproj' -o -name '*.props' \) \
  -not -path '*/bin/*' -not -path '*/obj/*' -not -path '*/node_modules/*' -not -path 'bench/results/*' \
  "${exempt[@]}" -print0 \
  | sort -z \
  | xargs -0 perl -CSD -ne '
      BEGIN { $limit = 120; $over = 0 }
      chomp;
      if (length($_) > $limit) { printf "%s:%d: %d characters\n", $ARGV, $., length($_); $over = 1 }
      close ARGV if eof;
      END { exit $over }' || exit 1
