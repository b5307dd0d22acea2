#!/bin/sh
# The WordPress plugin's checks: `php -l` on every PHP file of the plugin and of these tests,
# then the tests themselves in the real WordPress from Debian's `wordpress` package (in-memory
# SQLite, no database server). Needs Debian's php-cli, php-xml, php-sqlite3 and wordpress
# (.ci/run installs them). Takes a few seconds.
set -eu
cd "$(dirname "$0")/../.."

if ! command -v php >/dev/null 2>&1; then
  echo "test/wordpress: php not found (apt-get install php-cli php-xml php-sqlite3 wordpress)" >&2
  exit 1
fi

count=0
for file in $(find wordpress test/wordpress -name '*.php' | sort); do
  php -l "$file" >/dev/null || { php -l "$file"; exit 1; }
  count=$((count + 1))
done
echo "php -l: $count files, no syntax errors"
node --check wordpress/voice-agent/block/editor.js

php test/wordpress/run.php
