#!/bin/sh
# The WordPress plugin's checks: `php -l` on every PHP file of the plugin and of these tests,
# then the tests themselves in the real WordPress from Debian's `wordpress` package (in-memory
# SQLite, no database server). Needs Debian's php-cli, php-xml, php-sqlite3 and wordpress
# (.ci/run installs them), and checks the plugin zip when dist/ is built. Takes a few seconds.
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

# The zip a site owner uploads: the plugin with the built script and worklets in assets/.
if [ -f dist/voice-agent.iife.js ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  node wordpress/build.mjs --zip="$work/voice-agent.zip" >/dev/null
  unzip -tq "$work/voice-agent.zip" >/dev/null
  listing=$(unzip -Z1 "$work/voice-agent.zip")
  for file in voice-agent.php readme.txt uninstall.php block/block.json block/editor.js block/editor.asset.php \
    assets/voice-agent.iife.js assets/capture-processor.js assets/playback-processor.js; do
    echo "$listing" | grep -qx "voice-agent/$file" || { echo "plugin zip lacks voice-agent/$file" >&2; exit 1; }
  done
  echo "plugin zip: $(echo "$listing" | wc -l) files, intact, script and worklets included"
else
  echo "plugin zip: NOT CHECKED, dist/ is not built (npm run build first)"
fi

php test/wordpress/run.php
