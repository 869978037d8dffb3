#!/usr/bin/env bash
# The main job on a folder of articles: set up, ingest, and show what an
# analyst wants first: the stories, the events, and where sources contradict
# each other. Usage: scripts/demo.sh [FOLDER] (default ../shared/seeds).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
folder=${1:-$root/../shared/seeds}
cache=${OUTPOST_CACHE:-$HOME/.cache/outpost}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$cache/target}
"$root/scripts/setup.sh"
outpost="$CARGO_TARGET_DIR/release/outpost"
db=${OUTPOST_DB:-$root/outpost.db}
status=0
"$outpost" --db "$db" ingest "$folder" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then exit "$status"; fi
printf '\n== Stories (newest first)\n'
"$outpost" --db "$db" stories
printf '\n== Events\n'
"$outpost" --db "$db" events
printf '\n== Where the sources contradict each other\n'
"$outpost" --db "$db" claims --contradictions
printf '\n(database: %s; try: %s --db %s story <id>, events --csv, claims, entities, search <words>)\n' "$db" "$outpost" "$db"
