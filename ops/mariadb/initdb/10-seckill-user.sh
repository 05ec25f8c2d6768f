#!/bin/bash
# First start of the stack's MariaDB: the app's account, with rights on its own database only and
# none it does not use (no DROP, no GRANT, nothing server-wide). Flyway creates the tables.
set -euo pipefail
: "${SECKILL_MYSQL_PASSWORD:?set SECKILL_MYSQL_PASSWORD for the app account}"
[[ $SECKILL_MYSQL_PASSWORD != *[\'\\]* ]] || { echo "SECKILL_MYSQL_PASSWORD: no quotes or backslashes, please" >&2; exit 1; }
mariadb -uroot -p"$MARIADB_ROOT_PASSWORD" <<SQL
CREATE DATABASE IF NOT EXISTS seckill CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'seckill'@'%' IDENTIFIED BY '${SECKILL_MYSQL_PASSWORD}';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, REFERENCES ON seckill.* TO 'seckill'@'%';
SQL
echo "10-seckill-user.sh: account seckill@% created with rights on seckill.* only"
