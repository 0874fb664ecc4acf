#!/bin/sh
# The replica: on an empty volume, a copy of the primary (pg_basebackup, which also writes
# the standby's connection settings); then PostgreSQL as a read-only hot standby.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_isready -h primary -p 5432 -q; do sleep 1; done
    PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h primary -p 5432 -U replicator \
        -D "$PGDATA" --write-recovery-conf --wal-method=stream --checkpoint=fast
    chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on
