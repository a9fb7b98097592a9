#!/bin/sh
# The PostgreSQL tests run a throw-away cluster of their own (tests/helpers/postgres-cluster.ts):
# they need the server's binaries (initdb, pg_ctl, postgres), never a running system cluster.
set -e
for bin in /usr/lib/postgresql/*/bin; do
	if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && [ -x "$bin/postgres" ]; then exit 0; fi
done
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
ls -d /usr/lib/postgresql/*/bin
