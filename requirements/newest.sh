#!/usr/bin/env bash
# Run the test-suite against the newest release of every dependency (not the lock files), so an
# upstream change shows up here before `bash requirements/update.sh` moves the lock onto it.
# A failure here is news, not a broken main: main's gate (`bash .ci/run`) installs the lock.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf .venv-newest
python3 -m venv .venv-newest
.venv-newest/bin/pip install -q --upgrade pip
.venv-newest/bin/pip install -q --upgrade --upgrade-strategy eager -e '.[test]'
.venv-newest/bin/pip list --format=freeze
CSKB_NEWEST=1 .venv-newest/bin/python -m pytest "$@"
