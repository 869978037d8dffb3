#!/usr/bin/env bash
# Runs every cargo-fuzz target for a set time each (default 60 s):
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Crashes land in fuzz/artifacts/<target>/; the corpus grows in fuzz/corpus/.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(warc feed jsonl html sniffed text extract events)
fi
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz.sh: no nightly toolchain (rustup toolchain install nightly); cannot fuzz." >&2
  echo "The stable smoke tests (cargo test -p outpost-source --test smoke) still exercise every reader." >&2
  exit 3
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: cargo-fuzz is not installed (cargo install cargo-fuzz); cannot fuzz." >&2
  exit 3
fi
status=0
for target in "${targets[@]}"; do
  echo "== fuzzing $target for ${seconds}s"
  # -rss_limit_mb bounds memory: a reader that allocates past it is a finding.
  if ! cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=1048576; then
    echo "fuzz.sh: $target found a crash (see fuzz/artifacts/$target/)" >&2
    status=1
  fi
done
exit $status
