#!/usr/bin/env bash
# The main job, offline: plan the bundled sample org with the default policy. No token, no network.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project src/Reconciler.Cli -c Release -- plan --path examples/org "$@"
