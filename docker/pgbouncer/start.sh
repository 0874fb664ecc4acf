#!/bin/sh
# The one login PgBouncer accepts and passes on, from the environment.
set -eu
printf '"%s" "%s"\n' "$DB_USER" "$DB_PASSWORD" > /tmp/userlist.txt
exec pgbouncer /etc/pgbouncer/pgbouncer.ini
