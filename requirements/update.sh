#!/usr/bin/env bash
# Re-resolve the lock files from pyproject.toml (and build.in) to the newest releases that fit.
#   requirements/test.lock  what the tests and dev tools run with (CI, the README's test command)
#   requirements/run.lock   what cskb itself needs at run time (the quick start, the wheel test)
# Both are hashed and universal (every platform and Python cskb supports), so
# `pip install --require-hashes -r requirements/test.lock` gives every machine the same files.
# Needs uv (python3 -m pip install uv). After running it: run the tests, then commit the locks.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v uv >/dev/null 2>&1 || { echo "update.sh needs uv: python3 -m pip install uv" >&2; exit 2; }
common=(--universal --python-version 3.11 --generate-hashes --upgrade --quiet
        --custom-compile-command "bash requirements/update.sh")
uv pip compile pyproject.toml requirements/build.in --extra test --extra dev "${common[@]}" \
  -o requirements/test.lock
uv pip compile pyproject.toml "${common[@]}" -o requirements/run.lock
