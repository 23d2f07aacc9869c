# Sourced by the test and sample scripts: starts Debian's PostgreSQL cluster and makes our own role and database.
# Exports RECONCILE_TEST_PG, an Npgsql connection string the worker tests use.
start_postgres() {
  local version cluster=main
  version=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
  if [ -z "$version" ]; then
    echo "PostgreSQL is not installed; installing Debian's package" >&2
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
    version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  fi
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$version $cluster"; then
    pg_createcluster "$version" "$cluster" >/dev/null
  fi
  pg_ctlcluster "$version" "$cluster" start 2>/dev/null || true
  local port
  port=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $3}')
  for _ in $(seq 1 30); do
    su postgres -c "psql -p $port -tAc 'select 1'" >/dev/null 2>&1 && break
    sleep 1
  done
  su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -q" <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reconcile') THEN
    CREATE ROLE reconcile LOGIN PASSWORD 'reconcile' CREATEDB;
  END IF;
END \$\$;
SQL
  su postgres -c "psql -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname='reconcile_test'\"" | grep -q 1 \
    || su postgres -c "psql -p $port -q -c 'CREATE DATABASE reconcile_test OWNER reconcile'"
  export RECONCILE_TEST_PG="Host=127.0.0.1;Port=$port;Username=reconcile;Password=reconcile;Database=reconcile_test"
  echo "PostgreSQL $version on port $port (database reconcile_test)"
}
