#!/bin/sh
# The primary's first start (the postgres image runs this once, on an empty volume):
# a user the replica copies and streams with, allowed in pg_hba.conf.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '${REPLICATION_PASSWORD}';
ALTER DATABASE "$POSTGRES_DB" SET jit = off;
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
