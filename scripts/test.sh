#!/usr/bin/env bash
# Every check CI runs: set-up (gazetteer), formatting, lints, the test suite
# (including the end-to-end run over ../shared/seeds when it is there), docs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${OUTPOST_CACHE:-$HOME/.cache/outpost}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$cache/target}
cd "$root"
OUTPOST_SETUP_NO_BUILD=1 scripts/setup.sh
echo "== cargo fmt --check"
cargo fmt --all --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings
echo "== cargo test"
cargo test --workspace --quiet 2>&1 | tee "$cache/test.log"
# --- browser tests of outpost serve (issue 7) ---------------------------------
if [ -x /usr/bin/chromium ] && [ -d web/node_modules/playwright-core ]; then
  echo "== browser tests (chromium, playwright-core)"
  OUTPOST_BIN="$CARGO_TARGET_DIR/debug/outpost" node web/tests/browser.mjs 2>&1 | tee "$cache/browser.log"
  grep -Eo '[0-9]+ passed, [0-9]+ failed' "$cache/browser.log" | sed 's/^/test result: /' >> "$cache/test.log"
else
  echo "== browser tests skipped: chromium or web/node_modules missing (run scripts/setup.sh)"
fi
# --- end browser tests ----------------------------------------------------------
echo "== cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet
passed=$(grep -Eo '[0-9]+ passed' "$cache/test.log" | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' "$cache/test.log" | awk '{s+=$1} END {print s+0}')
echo "$passed passed, $failed failed"
