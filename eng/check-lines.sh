#!/usr/bin/env bash
# Prints every line over 120 characters (max_line_length in .editorconfig) in the sources,
# tests and benchmark, as path:line: length, and exits 1 if there is any. Characters, not
# bytes (perl reads the files as UTF-8): a line of Japanese text counts what it shows.
# usage: eng/check-lines.sh   (from anywhere in the repository)
set -euo pipefail
cd "$(dirname "$0")/.."
# xargs answers 123 when any perl run found a long line; the script answers 1.
find src tests bench -type f \
  \( -name '*.cs' -o -name '*.js' -o -name '*.html' -o -name '*.css' -o -name '*.sql' -o -name '*.json' \
     -o -name '*.sh' -o -name '*.csproj' -o -name '*.props' \) \
  -not -path '*/bin/*' -not -path '*/obj/*' -not -path '*/node_modules/*' -print0 \
  | sort -z \
  | xargs -0 perl -CSD -ne '
      BEGIN { $limit = 120; $over = 0 }
      chomp;
      if (length($_) > $limit) { printf "%s:%d: %d characters\n", $ARGV, $., length($_); $over = 1 }
      close ARGV if eof;
      END { exit $over }' || exit 1
