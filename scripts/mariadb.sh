# shellcheck shell=bash
# The local MySQL-compatible database: Debian's MariaDB, a mariadbd of ours on 127.0.0.1 with its
# data under $STATE/mariadb, and the app's account with rights on its own databases only.

MYSQL_URL=${SECKILL_MYSQL_URL:-jdbc:mysql://127.0.0.1:3306/seckill}
DB_PORT=$(local_port SECKILL_MYSQL_URL "$MYSQL_URL" 3306)
DB_USER=${SECKILL_MYSQL_USER:-seckill}
DB_PASSWORD=${SECKILL_MYSQL_PASSWORD:-seckill}
[[ $DB_USER =~ ^[A-Za-z0-9_]{1,32}$ ]] || usage_error "SECKILL_MYSQL_USER=$DB_USER: letters, digits and _ only (at most 32)"
[[ $DB_PASSWORD =~ ^[^\'\\]*$ ]] || usage_error "SECKILL_MYSQL_PASSWORD: no quotes or backslashes, please"
DB_FLUSH_LOG=${SECKILL_DB_FLUSH_LOG_AT_TRX_COMMIT:-1}
# seconds to wait for the server to answer after starting it
DB_WAIT=${SECKILL_DB_WAIT:-120}

DB_DIR="$STATE/mariadb"
DB_CNF="$DB_DIR/my.cnf"
DB_SOCK="$DB_DIR/mysqld.sock"
DB_PID="$DB_DIR/mariadbd.pid"
DB_ERR="$DB_DIR/mariadbd.err"
DB_OUT="$DB_DIR/mariadbd.out"

db_client() { if command -v mariadb >/dev/null 2>&1; then echo mariadb; else echo mysql; fi; }
db_admin()  { if command -v mariadb-admin >/dev/null 2>&1; then echo mariadb-admin; else echo mysqladmin; fi; }
db_server() {
    local c
    for c in mariadbd /usr/sbin/mariadbd mysqld /usr/sbin/mysqld; do
        command -v "$c" >/dev/null 2>&1 && { command -v "$c"; return 0; }
    done
    return 1
}

# A MySQL-compatible server answers on the port (whoever we are allowed to be).
db_answers() {
    timeout 5 "$(db_admin)" --no-defaults -h127.0.0.1 -P"$1" --connect-timeout=2 ping >/dev/null 2>&1
}

# The application's user can log in over TCP.
db_login_ok() {
    timeout 5 "$(db_client)" --no-defaults -h127.0.0.1 -P"$DB_PORT" --connect-timeout=2 \
        -u"$DB_USER" -p"$DB_PASSWORD" -e 'select 1' >/dev/null 2>&1
}

db_root_socket_ok() {
    timeout 5 "$(db_client)" --no-defaults --socket="$DB_SOCK" -uroot -e 'select 1' >/dev/null 2>&1
}

# The app's user gets its own databases only: the app's (seckill), the tests' (seckill_*) and the
# bench runs' (bench_*); no global right (FILE, SUPER, PROCESS...) and no GRANT OPTION.
DB_RIGHTS="SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, REFERENCES"
DB_USERS_SQL="
CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
ALTER USER '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
ALTER USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
REVOKE ALL PRIVILEGES, GRANT OPTION FROM '$DB_USER'@'127.0.0.1';
REVOKE ALL PRIVILEGES, GRANT OPTION FROM '$DB_USER'@'localhost';
GRANT $DB_RIGHTS ON \`seckill%\`.* TO '$DB_USER'@'127.0.0.1';
GRANT $DB_RIGHTS ON \`seckill%\`.* TO '$DB_USER'@'localhost';
GRANT $DB_RIGHTS ON \`bench\\_%\`.* TO '$DB_USER'@'127.0.0.1';
GRANT $DB_RIGHTS ON \`bench\\_%\`.* TO '$DB_USER'@'localhost';
FLUSH PRIVILEGES;"

# The account mariadbd runs as: Debian's mysql when it can reach the state folder, else root.
db_os_user() {
    if id mysql >/dev/null 2>&1 && runuser -u mysql -- test -x "$DB_DIR" 2>/dev/null; then echo mysql; else echo root; fi
}

db_write_cnf() {
    mkdir -p "$DB_DIR/data" "$DB_DIR/tmp" "$DB_DIR/files"
    chmod 700 "$DB_DIR/files"
    DB_OS_USER=$(db_os_user)
    if [[ "$DB_OS_USER" != root ]]; then
        chown -R "$DB_OS_USER:" "$DB_DIR"
    else
        log "db: no mysql account can reach $DB_DIR: mariadbd runs as root"
    fi
    cat >"$DB_CNF" <<EOF
# Written by ./seckill on every start; edit the script, not this file.
[client]
socket = $DB_SOCK
port = $DB_PORT

[mariadbd]
user = $DB_OS_USER
datadir = $DB_DIR/data
tmpdir = $DB_DIR/tmp
socket = $DB_SOCK
port = $DB_PORT
bind-address = 127.0.0.1
skip-networking = 0
skip-name-resolve
pid-file = $DB_PID
log-error = $DB_ERR
character-set-server = utf8mb4
# LOAD DATA / SELECT INTO OUTFILE only in an empty folder of ours (and the app's user has no FILE right anyway)
secure_file_priv = $DB_DIR/files
# durable commits; SECKILL_DB_FLUSH_LOG_AT_TRX_COMMIT=2 relaxes it (the bench report says which it ran with)
innodb_flush_log_at_trx_commit = $DB_FLUSH_LOG
# a throughput test box, not a production server
max_connections = 500
innodb_buffer_pool_size = 512M
innodb_log_file_size = 256M
max_allowed_packet = 64M
thread_cache_size = 64
performance_schema = OFF
EOF
}

db_up() {
    need_cmd "$(db_client)" mariadb-client
    if db_answers "$DB_PORT"; then
        if db_login_ok; then
            if ours "$DB_PID" mariadbd; then
                log "db: ours, answering on 127.0.0.1:$DB_PORT"
                # an older script gave the user every right: take them back
                db_root_socket_ok && "$(db_client)" --no-defaults --socket="$DB_SOCK" -uroot -e "$DB_USERS_SQL"
            else
                log "db: reusing the DB already answering on 127.0.0.1:$DB_PORT (user $DB_USER can log in)"
            fi
            return 0
        fi
        db_create_users
        return 0
    fi
    db_start
}

# Makes sure user seckill/seckill exists on the DB that answers on DB_PORT.
db_create_users() {
    local client
    client=$(db_client)
    if db_root_socket_ok; then
        "$client" --no-defaults --socket="$DB_SOCK" -uroot -e "$DB_USERS_SQL"
    elif timeout 5 "$client" -uroot -e 'select 1' >/dev/null 2>&1; then
        # a DB not started by us, e.g. the distribution's own, reachable as root by its socket
        log "db: creating user $DB_USER on the DB answering on 127.0.0.1:$DB_PORT (as root via its default socket)"
        "$client" -uroot -e "$DB_USERS_SQL"
    fi
    db_login_ok || die "db: a MySQL-compatible DB answers on 127.0.0.1:$DB_PORT but user '$DB_USER' (password '$DB_PASSWORD') cannot log in, and this script cannot log in as its root to create it. Create it there (CREATE USER '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD'; GRANT $DB_RIGHTS ON \`seckill%\`.* TO '$DB_USER'@'127.0.0.1'; and the same ON \`bench\\_%\`.*), stop that DB, or set SECKILL_MYSQL_URL to a free port"
}

db_start() {
    if db_answers "$DB_PORT"; then db_create_users; log "db: already answering on 127.0.0.1:$DB_PORT"; return 0; fi
    port_open "$DB_PORT" && die "db: port $DB_PORT is taken by something that is not a MySQL-compatible DB; set SECKILL_MYSQL_URL to another port"
    need_cmd "$(db_client)" mariadb-client
    if ! db_server >/dev/null; then apt_install mariadb-server; fi
    local server
    server=$(db_server) || die "mariadb-server is installed but mariadbd/mysqld is missing"

    if ours "$DB_PID" mariadbd; then
        if [[ "$(cat "$DB_DIR/port" 2>/dev/null)" == "$DB_PORT" ]]; then
            log "db: ours is still starting; waiting for it"
            db_wait
            return 0
        fi
        stop_pidfile db "$DB_PID" mariadbd 60   # ours, but on another port
    fi
    db_write_cnf
    if [[ ! -d "$DB_DIR/data/mysql" ]]; then
        log "db: initialising a data dir in $DB_DIR/data"
        rm -rf "$DB_DIR/data" && mkdir -p "$DB_DIR/data"
        mariadb-install-db --defaults-file="$DB_CNF" --user="$DB_OS_USER" --datadir="$DB_DIR/data" \
            --auth-root-authentication-method=socket --skip-test-db >"$DB_DIR/install-db.log" 2>&1 \
            || { show_logs "$DB_DIR/install-db.log"; rm -rf "$DB_DIR/data"; die "db: mariadb-install-db failed; read $DB_DIR/install-db.log"; }
    fi
    log "db: starting $(basename "$server") on 127.0.0.1:$DB_PORT (state in $DB_DIR)"
    echo "$DB_PORT" >"$DB_DIR/port"
    rm -f "$DB_PID"
    # the server's account must be able to rewrite the pid file this script writes first
    : >"$DB_PID"
    chown "$DB_OS_USER:" "$DB_PID"
    # setsid: the server gets its own session, so a Ctrl-C meant for `./seckill run` spares it
    setsid nohup "$server" --defaults-file="$DB_CNF" >"$DB_OUT" 2>&1 </dev/null &
    echo $! >"$DB_PID"   # mariadbd rewrites it with the same pid once it is up
    db_wait
}

db_wait() {
    wait_for db "$DB_PORT" "$DB_WAIT" "$DB_PID" mariadbd db_root_socket_ok -- "$DB_ERR" "$DB_OUT"
    "$(db_client)" --no-defaults --socket="$DB_SOCK" -uroot -e "$DB_USERS_SQL"
    wait_for db "$DB_PORT" "$DB_WAIT" "$DB_PID" mariadbd db_login_ok -- "$DB_ERR" "$DB_OUT"
    log "db: up on 127.0.0.1:$DB_PORT (user $DB_USER, password $DB_PASSWORD)"
}

db_stop() { stop_pidfile db "$DB_PID" mariadbd 120; }

