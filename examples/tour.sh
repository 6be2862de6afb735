#!/usr/bin/env bash
# A tour of cskb on a generated demo knowledge base: the commands a team runs each cycle.
# Usage: bash examples/tour.sh [NEW-FOLDER]   (cskb must be on PATH)
set -euo pipefail

dir="${1:-demo-kb}"
if [ -e "$dir" ]; then
    echo "tour: $dir already exists; pass a new folder name (nothing was changed)" >&2
    exit 2
fi
# Each step prints its command quoted as a shell needs it, so it can be pasted back as is.
quote() {
    local word out=""
    for word in "$@"; do
        if [[ "$word" =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then
            out+="$word "
        else
            out+="'${word//\'/\'\\\'\'}' "
        fi
    done
    printf '%s' "${out% }"
}
if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold="" plain=""; fi
show() { printf '\n%s$ %s%s\n' "$bold" "$(quote "$@")" "$plain"; }
step() { show "$@"; "$@"; }
json() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
unset CSKB_DIR CSKB_USER

step cskb demo "$dir" --members 8 --cycles 6
show cd "$dir"
cd "$dir"
step cskb team list
step cskb cycles
step cskb pair
cycle=$(cskb cycles --json | json 'd[-1]["cycle"]')
me=$(cskb team list --json | json 'd[0]["handle"]')
partner=$(cskb --as "$me" partner --cycle "$cycle" --json | json 'd["reviews"]')
step cskb --as "$partner" call submit --cycle "$cycle" --url "https://recordings.example.com/calls/tour" \
    --customer 'Acme: "Inc" #1' --tags "data strategy" --products analytics
step cskb --as "$me" review new --cycle "$cycle" --no-edit
step cskb review list --cycle "$cycle"
step cskb check || true   # exit 1: the demo holds drafts that are not finished yet
step cskb status "$cycle"
step cskb search "data strategy" --limit 3
step cskb search "データ戦略" --limit 1
printf '\nThe demo knowledge base is in %s; try `cd %s && cskb --help`.\n' "$dir" "$dir"
