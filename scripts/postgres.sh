#!/usr/bin/env bash
# Sourced by test.sh: makes sure PostgreSQL answers on 127.0.0.1:5432 and points
# Backstage's TestDatabases at it (no Docker needed). Sets QP_POSTGRES=1 when it does.
QP_POSTGRES=0
pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }

if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "[quality-pulse] PostgreSQL is installed but not answering: starting it"
  for version in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  done
  for _ in $(seq 1 20); do pg_up && break; sleep 1; done
fi

if pg_up; then
  QP_POSTGRES=1
  # The tests ask for POSTGRES_15 (the version on our machines); any local
  # server that speaks the protocol serves that id.
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
  echo "[quality-pulse] backend tests run on SQLite and PostgreSQL (127.0.0.1:5432)"
else
  echo "[quality-pulse] WARNING: no PostgreSQL on 127.0.0.1:5432: backend tests run on SQLite only"
fi
# Never let TestDatabases try Docker: with CI set it would, and fail.
export BACKSTAGE_TEST_DISABLE_DOCKER=1
