# shellcheck shell=bash
# `./seckill services`: up, down, status, and start, stop or kill one service, over the files of
# each service (redis.sh, redis-cluster.sh, redis-ha.sh, mariadb.sh, kafka.sh, kafka-ha.sh).

# preinstall WITH_CLUSTER: installs in a single apt-get run every package that this
# `services up` is going to need (clients always, servers only where nothing answers yet).
preinstall() {
    local with_cluster=$1 pkgs=() p
    have redis-cli || pkgs+=(redis-tools)
    if ! have redis-server; then
        if ! port_open "$REDIS_PORT"; then
            pkgs+=(redis-server)
        elif ((with_cluster)); then
            for p in $REDIS_CLUSTER_PORTS; do port_open "$p" || { pkgs+=(redis-server); break; }; done
        fi
    fi
    have "$(db_client)" || pkgs+=(mariadb-client)
    db_server >/dev/null || port_open "$DB_PORT" || pkgs+=(mariadb-server)
    if ((${#pkgs[@]} > 0)); then apt_install "${pkgs[@]}"; fi
}


services_up() {
    local with_cluster=0 with_ha=0 a
    for a in "$@"; do
        case "$a" in
            --redis-cluster) with_cluster=1 ;;
            --ha) with_ha=1 ;;
            *) usage_error "unknown flag for 'services up': $a (known: --redis-cluster, --ha)" ;;
        esac
    done
    local t0=$SECONDS
    mkdir -p "$STATE"
    preinstall "$with_cluster"
    kafka_up_begin
    redis_up
    if ((with_cluster)); then cluster_up; fi
    # the app's Redis is the replicated one when SECKILL_REDIS_URI names Sentinels
    if ((with_ha)) || redis_on_sentinel; then ha_up; fi
    db_up
    kafka_up_end
    if ((with_ha)); then kafka_ha_up; fi
    log "services are up after $((SECONDS - t0))s (state in $STATE)"
}

services_down() {
    [[ $# -eq 0 ]] || usage_error "unknown argument for 'services down': $1"
    kafka_ha_down
    kafka_stop
    db_stop
    ha_down
    cluster_stop
    redis_stop
}

service_name_check() {
    case "${1:-}" in
        redis | redis-cluster | redis-ha | db | kafka | kafka-ha) ;;
        redis@*) ha_node_port "$1" >/dev/null ;;
        kafka@*) kafka_ha_port "$1" >/dev/null ;;
        "") usage_error "services $2 needs a NAME: redis, redis-cluster, redis-ha, redis@PORT (a replicated node), db, kafka, kafka-ha or kafka@PORT (one of its brokers)" ;;
        *) usage_error "unknown service: $1 (expected redis, redis-cluster, redis-ha, redis@PORT, db, kafka, kafka-ha or kafka@PORT)" ;;
    esac
}

services_start() {
    [[ $# -le 1 ]] || usage_error "unexpected argument for 'services start': $2"
    service_name_check "${1:-}" start
    mkdir -p "$STATE"
    case "$1" in
        redis) redis_start ;;
        redis-cluster) cluster_start ;;
        redis-ha) ha_up ;;
        redis@*) ha_start "$1" ;;
        db) db_start ;;
        kafka) kafka_start ;;
        kafka-ha) kafka_ha_up ;;
        kafka@*) kafka_ha_start "$1" ;;
    esac
}

services_stop() {
    [[ $# -le 1 ]] || usage_error "unexpected argument for 'services stop': $2"
    service_name_check "${1:-}" stop
    case "$1" in
        redis) redis_stop ;;
        redis-cluster) cluster_stop ;;
        redis-ha) ha_down ;;
        redis@*) ha_stop "$1" ;;
        db) db_stop ;;
        kafka) kafka_stop ;;
        kafka-ha) kafka_ha_down ;;
        kafka@*) kafka_ha_stop "$1" ;;
    esac
}

# status_line NAME PORT ANSWERS(0/1) PIDFILE WORD
status_line() {
    local name=$1 port=$2 answers=$3 pidfile=$4 word=$5 who
    if ours "$pidfile" "$word"; then who="ours, pid $(<"$pidfile")"
    elif ((answers)); then who="not started by us"
    else who="-"; fi
    printf '%-14s %-18s %-12s %s\n' "$name" "127.0.0.1:$port" \
        "$( ((answers)) && echo answers || echo DOWN)" "$who"
}

# kill_pidfile LABEL PIDFILE WORD: SIGKILL our process, as a crash would end it (fault drills).
kill_pidfile() {
    local label=$1 pidfile=$2 word=$3 pid
    ours "$pidfile" "$word" || die "$label: not running as ours (nothing to kill)"
    pid=$(<"$pidfile")
    log "$label: killing pid $pid with SIGKILL"
    kill -KILL "$pid"
    while [[ -d "/proc/$pid" && "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]]; do sleep 0.05; done
}

services_kill() {
    [[ $# -le 1 ]] || usage_error "unexpected argument for 'services kill': $2"
    service_name_check "${1:-}" kill
    case "$1" in
        redis) kill_pidfile redis "$REDIS_DIR/redis.pid" redis-server ;;
        redis-cluster) for p in $REDIS_CLUSTER_PORTS; do kill_pidfile "redis-cluster node $p" "$CLUSTER_DIR/$p/redis.pid" redis-server; done ;;
        redis-ha) usage_error "kill one replicated node at a time: redis@PORT" ;;
        redis@*) ha_signal "$1" KILL ;;
        kafka-ha) usage_error "kill one broker at a time: kafka@PORT" ;;
        kafka@*) kafka_ha_kill "$1" ;;
        db) kill_pidfile db "$DB_PID" mariadbd ;;
        kafka) kill_pidfile kafka "$KAFKA_PID" kafka.Kafka ;;
    esac
}

# services_freeze NAME STOP|CONT: a replicated node frozen (SIGSTOP: it answers nobody, its replication link
# falls behind) or thawed (SIGCONT), for the failover drills.
services_freeze() {
    [[ $# -eq 2 && $1 == redis@* ]] || usage_error "services freeze and thaw take one replicated node: redis@PORT"
    ha_signal "$1" "$2"
}

services_status() {
    local need_cluster=0 need_ha=0 a ok=1 ans p
    for a in "$@"; do
        case "$a" in
            --redis-cluster) need_cluster=1 ;;
            --ha) need_ha=1 ;;
            *) usage_error "unknown flag for 'services status': $a (known: --redis-cluster, --ha)" ;;
        esac
    done
    printf '%-14s %-18s %-12s %s\n' SERVICE ADDRESS STATE "STARTED BY"
    ans=0; command -v redis-cli >/dev/null 2>&1 && redis_answers "$REDIS_PORT" && ans=1
    status_line redis "$REDIS_PORT" "$ans" "$REDIS_DIR/redis.pid" redis-server
    ((ans)) || ok=0

    ans=0; command -v "$(db_client)" >/dev/null 2>&1 && db_answers "$DB_PORT" && ans=1
    status_line db "$DB_PORT" "$ans" "$DB_PID" mariadbd
    ((ans)) || ok=0
    if ((ans)) && ! db_login_ok; then
        echo "  (but user $DB_USER/$DB_PASSWORD cannot log in)"
        ok=0
    fi

    ans=0; kafka_answers "$KAFKA_PORT" && ans=1
    status_line kafka "$KAFKA_PORT" "$ans" "$KAFKA_PID" kafka.Kafka
    ((ans)) || ok=0

    # The cluster only counts for the exit code with --redis-cluster.
    local cstate
    for p in $REDIS_CLUSTER_PORTS; do
        ans=0; command -v redis-cli >/dev/null 2>&1 && redis_answers "$p" && ans=1
        cstate=""; ((ans)) && cstate=$(cluster_info_field "$p" cluster_state)
        status_line "redis-cluster" "$p" "$ans" "$CLUSTER_DIR/$p/redis.pid" redis-server
        [[ -n "$cstate" ]] && echo "  cluster_state:$cstate"
        if ((need_cluster)) && [[ "$cstate" != ok ]]; then ok=0; fi
    done
    ((need_cluster)) || echo "(redis-cluster is optional here; 'status --redis-cluster' requires it)"
    # the replicated Redis: each node's role now; the three brokers, and who leads the orders partitions
    if ha_status; then :; elif ((need_ha)); then ok=0; fi
    if kafka_ha_status; then :; elif ((need_ha)); then ok=0; fi
    ((need_ha)) || echo "(the replicated Redis is optional here; 'status --ha' requires it)"
    ((ok))
}

services_cmd() {
    local sub=${1:-}
    [[ $# -gt 0 ]] && shift
    case "$sub" in
        up) services_up "$@" ;;
        down) services_down "$@" ;;
        start) services_start "$@" ;;
        stop) services_stop "$@" ;;
        kill) services_kill "$@" ;;
        freeze) services_freeze "${1:-}" STOP "${@:2}" ;;
        thaw) services_freeze "${1:-}" CONT "${@:2}" ;;
        status) services_status "$@" ;;
        "") usage_error "services needs a subcommand: up, down, status, start NAME, stop NAME, kill NAME, freeze|thaw redis@PORT" ;;
        *) usage_error "unknown services subcommand: $sub" ;;
    esac
}

