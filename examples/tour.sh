#!/usr/bin/env bash
# A tour of cskb on a generated demo knowledge base: the commands a team runs each cycle.
# Usage: bash examples/tour.sh [NEW-FOLDER]   (cskb must be on PATH)
set -euo pipefail

dir="${1:-demo-kb}"
if [ -e "$dir" ]; then
    echo "tour: $dir already exists; pass a new folder name (nothing was changed)" >&2
    exit 2
fi
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
export CSKB_DIR=""

step cskb demo "$dir" --members 8 --cycles 6
cd "$dir"
step cskb team list
step cskb cycles
step cskb pair
first=$(cskb team list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["handle"])')
partner=$(cskb --as "$first" partner --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["partners"][0])')
step cskb --as "$partner" call submit --url "https://recordings.example.com/calls/tour" \
    --customer 'Acme: "Inc" #1' --tags "data strategy" --products analytics
step cskb --as "$first" review new --no-edit
step cskb review list --reviewer "$first"
step cskb check || true
step cskb status
step cskb search "data strategy" --limit 5
printf '\nThe demo knowledge base is in %s; try `cd %s && cskb --help`.\n' "$dir" "$dir"
