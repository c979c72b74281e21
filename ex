#!/usr/bin/env bash
# The exercise checker. `./ex --help` lists the commands; the README says more.
# It first makes sure the tools and libraries the exercises use are built
# (a second or less when they already are).
set -euo pipefail
cd "$(dirname "$0")"
make -s build >&2
exec .venv/bin/python -m classroom "$@"
