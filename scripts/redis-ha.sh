# shellcheck shell=bash
# Replicated Redis, as production runs it, for the failover drills and tests (`services up --ha`): a master with one
# replica watched by three Sentinels (quorum 2), and a Redis Cluster of three masters each with one replica. Every node
# keeps an append-only file under $STATE/redis-ha. Sized for a 2-core machine: small nodes, and timeouts short enough
# that a failover takes seconds (Sentinel: down after 2 s; Cluster: node timeout 2 s).
#
# Each node starts from a config file of its own, written once: Sentinel rewrites the nodes' and its own files when it
# fails over, so a node started again keeps the role it was last given.

SENTINEL_MASTER=${SECKILL_REDIS_SENTINEL_MASTER:-seckill}
read -r -a HA_PAIR <<<"${SECKILL_REDIS_HA_PORTS:-6380 6381}"
read -r -a SENTINEL_PORTS <<<"${SECKILL_REDIS_SENTINEL_PORTS:-26380 26381 26382}"
read -r -a HA_CLUSTER_PORTS <<<"${SECKILL_REDIS_HA_CLUSTER_PORTS:-7101 7102 7103 7104 7105 7106}"
HA_DIR="$STATE/redis-ha"

# The Sentinel address the app, the tests and the bench use (SECKILL_REDIS_URI takes it as is).
sentinel_uri() {
    local p hosts=()
    for p in "${SENTINEL_PORTS[@]}"; do hosts+=("127.0.0.1:$p"); done
    local IFS=,
    printf 'redis-sentinel://%s#%s' "${hosts[*]}" "$SENTINEL_MASTER"
}

ha_node_dir() { printf '%s/node-%s' "$HA_DIR" "$1"; }
ha_sentinel_dir() { printf '%s/sentinel-%s' "$HA_DIR" "$1"; }
ha_cluster_dir() { printf '%s/cluster-%s' "$HA_DIR" "$1"; }

# ha_write_node_conf PORT DIR [LINES...]: a node's config file, unless it has one (Sentinel may have rewritten it).
ha_write_node_conf() {
    local port=$1 dir=$2 line
    shift 2
    mkdir -p "$dir"
    [[ -s "$dir/redis.conf" ]] && return 0
    {
        echo "# Written once by ./seckill; Sentinel or the cluster may rewrite it."
        echo "port $port"
        echo "bind 127.0.0.1"
        echo "dir $dir"
        echo "save \"\""
        echo "appendonly yes"
        echo "appendfsync $REDIS_APPENDFSYNC"
        for line in "$@"; do echo "$line"; done
    } >"$dir/redis.conf"
}

# ha_launch DIR [ARGS...]: a daemonised redis-server of ours from DIR/redis.conf.
ha_launch() {
    local dir=$1
    shift
    redis_fsync_check
    rm -f "$dir/redis.pid"
    redis-server "$dir/redis.conf" --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" "$@" \
        >/dev/null </dev/null \
        || { show_logs "$dir/redis.log"; die "redis-server in $dir failed to start; read $dir/redis.log"; }
}

# ha_start_node PORT: one node of ours on PORT, wherever it belongs (the Sentinel pair or the cluster).
ha_start_node() {
    local port=$1 dir
    redis_answers "$port" && return 0
    port_open "$port" && die "redis-ha: port $port is taken by something that is not Redis; set SECKILL_REDIS_HA_PORTS"
    if [[ " ${HA_PAIR[*]} " == *" $port "* ]]; then
        dir=$(ha_node_dir "$port")
        if [[ $port == "${HA_PAIR[0]}" ]]; then
            ha_write_node_conf "$port" "$dir"
        else
            ha_write_node_conf "$port" "$dir" "replicaof 127.0.0.1 ${HA_PAIR[0]}"
        fi
    elif [[ " ${HA_CLUSTER_PORTS[*]} " == *" $port "* ]]; then
        dir=$(ha_cluster_dir "$port")
        # a replica that lagged may still take over (validity factor 0): the drills' case, and production's
        ha_write_node_conf "$port" "$dir" "cluster-enabled yes" "cluster-config-file nodes-$port.conf" \
            "cluster-node-timeout 2000" "cluster-replica-validity-factor 0"
    else
        usage_error "redis@$port is none of ours: the replicated nodes are ${HA_PAIR[*]} ${HA_CLUSTER_PORTS[*]}"
    fi
    log "redis-ha: starting node 127.0.0.1:$port"
    ha_launch "$dir"
    wait_for "redis-ha node" "$port" "$REDIS_WAIT" "$dir/redis.pid" redis-server redis_answers "$port" -- "$dir/redis.log"
}

ha_start_sentinel() {
    local port=$1 dir
    dir=$(ha_sentinel_dir "$port")
    redis_answers "$port" && return 0
    port_open "$port" && die "redis-ha: port $port is taken; set SECKILL_REDIS_SENTINEL_PORTS"
    mkdir -p "$dir"
    if [[ ! -s "$dir/sentinel.conf" ]]; then
        cat >"$dir/sentinel.conf" <<EOF
# Written once by ./seckill; Sentinel rewrites it (the current master, the other Sentinels, the replicas).
port $port
bind 127.0.0.1
dir $dir
sentinel monitor $SENTINEL_MASTER 127.0.0.1 ${HA_PAIR[0]} 2
sentinel down-after-milliseconds $SENTINEL_MASTER 2000
sentinel failover-timeout $SENTINEL_MASTER 10000
sentinel parallel-syncs $SENTINEL_MASTER 1
EOF
    fi
    log "redis-ha: starting Sentinel 127.0.0.1:$port"
    rm -f "$dir/redis.pid"
    redis-server "$dir/sentinel.conf" --sentinel --daemonize yes --pidfile "$dir/redis.pid" \
        --logfile "$dir/sentinel.log" >/dev/null </dev/null \
        || { show_logs "$dir/sentinel.log"; die "Sentinel on port $port failed to start; read $dir/sentinel.log"; }
    wait_for "redis-ha sentinel" "$port" "$REDIS_WAIT" "$dir/redis.pid" redis-server redis_answers "$port" -- \
        "$dir/sentinel.log"
}

# The master Sentinel names now, as host:port (empty when no Sentinel answers).
sentinel_master() {
    local p
    for p in "${SENTINEL_PORTS[@]}"; do
        timeout 3 redis-cli -h 127.0.0.1 -p "$p" sentinel get-master-addr-by-name "$SENTINEL_MASTER" 2>/dev/null \
            | paste -sd: - | grep -E '^[0-9.]+:[0-9]+$' && return 0
    done
    return 0
}

ha_cluster_ok() {
    local p
    for p in "${HA_CLUSTER_PORTS[@]}"; do cluster_node_ok "$p" || return 1; done
}

ha_cluster_blank() {
    local p
    for p in "${HA_CLUSTER_PORTS[@]}"; do
        [[ "$(cluster_info_field "$p" cluster_known_nodes)" == 1 ]] || return 1
    done
}

ha_cluster_start() {
    local p addrs=()
    for p in "${HA_CLUSTER_PORTS[@]}"; do
        ha_start_node "$p"
        addrs+=("127.0.0.1:$p")
    done
    ha_cluster_ok && return 0
    if ha_cluster_blank; then
        log "redis-ha: creating the cluster of ${addrs[*]} (three masters, one replica each)"
        redis-cli --cluster create "${addrs[@]}" --cluster-replicas 1 --cluster-yes >"$HA_DIR/cluster-create.log" 2>&1 \
            || { show_logs "$HA_DIR/cluster-create.log"; die "redis-ha: creating the cluster failed; read $HA_DIR/cluster-create.log"; }
    fi
    # nodes that kept their nodes-<port>.conf re-form the cluster by themselves
    wait_for "redis-ha cluster" "${HA_CLUSTER_PORTS[0]}" "$REDIS_WAIT" "" "" ha_cluster_ok -- "$HA_DIR/cluster-create.log"
}

# ha_up: the Sentinel pair and its Sentinels, and the cluster with replicas; what answers already is reused.
ha_up() {
    need_cmd redis-cli redis-tools
    need_cmd redis-server redis-server
    mkdir -p "$HA_DIR"
    local p
    for p in "${HA_PAIR[@]}"; do ha_start_node "$p"; done
    for p in "${SENTINEL_PORTS[@]}"; do ha_start_sentinel "$p"; done
    ha_cluster_start
    wait_for "redis-ha sentinel" "${SENTINEL_PORTS[0]}" "$REDIS_WAIT" "" "" sentinel_knows_master -- \
        "$(ha_sentinel_dir "${SENTINEL_PORTS[0]}")/sentinel.log"
    log "redis-ha: up; Sentinel at $(sentinel_uri) (master $(sentinel_master)), cluster on ${HA_CLUSTER_PORTS[*]}"
}

sentinel_knows_master() { [[ -n "$(sentinel_master)" ]]; }

ha_pidfile() {
    local port=$1
    if [[ " ${SENTINEL_PORTS[*]} " == *" $port "* ]]; then
        printf '%s/redis.pid' "$(ha_sentinel_dir "$port")"
    elif [[ " ${HA_CLUSTER_PORTS[*]} " == *" $port "* ]]; then
        printf '%s/redis.pid' "$(ha_cluster_dir "$port")"
    else
        printf '%s/redis.pid' "$(ha_node_dir "$port")"
    fi
}

ha_down() {
    local p
    for p in "${SENTINEL_PORTS[@]}" "${HA_PAIR[@]}" "${HA_CLUSTER_PORTS[@]}"; do
        stop_pidfile "redis@$p" "$(ha_pidfile "$p")" redis-server 20
    done
}

# ha_node_port NAME: the port of redis@PORT, checked to be one of ours.
ha_node_port() {
    local port=${1#redis@}
    [[ " ${HA_PAIR[*]} ${SENTINEL_PORTS[*]} ${HA_CLUSTER_PORTS[*]} " == *" $port "* ]] \
        || usage_error "$1 is none of ours: the replicated nodes are redis@PORT with PORT one of ${HA_PAIR[*]} ${SENTINEL_PORTS[*]} ${HA_CLUSTER_PORTS[*]}"
    printf '%s' "$port"
}

# ha_signal NAME SIGNAL: SIGKILL a node as a crash would, or SIGSTOP/SIGCONT it (a node frozen, then thawed).
ha_signal() {
    local port pidfile pid
    port=$(ha_node_port "$1")
    pidfile=$(ha_pidfile "$port")
    ours "$pidfile" redis-server || die "$1: not running as ours"
    pid=$(<"$pidfile")
    log "$1: sending SIG$2 to pid $pid"
    kill "-$2" "$pid"
    if [[ $2 == KILL ]]; then
        while [[ -d "/proc/$pid" && "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]]; do sleep 0.05; done
    fi
}

ha_start() {
    local port
    port=$(ha_node_port "$1")
    if [[ " ${SENTINEL_PORTS[*]} " == *" $port "* ]]; then ha_start_sentinel "$port"; else ha_start_node "$port"; fi
}

ha_stop() {
    local port
    port=$(ha_node_port "$1")
    stop_pidfile "$1" "$(ha_pidfile "$port")" redis-server 20
}

# ha_role PORT: master, or replica of host:port, or DOWN.
ha_role() {
    local info role
    info=$(timeout 3 redis-cli -h 127.0.0.1 -p "$1" info replication 2>/dev/null | tr -d '\r') || true
    role=$(sed -n 's/^role://p' <<<"$info")
    case $role in
        master) echo master ;;
        slave) echo "replica of $(sed -n 's/^master_host://p' <<<"$info"):$(sed -n 's/^master_port://p' <<<"$info") (link $(sed -n 's/^master_link_status://p' <<<"$info"))" ;;
        *) echo DOWN ;;
    esac
}

ha_status() {
    local p
    for p in "${HA_PAIR[@]}"; do
        printf '%-14s %-18s %s\n' redis-ha "127.0.0.1:$p" "$(ha_role "$p")"
    done
    for p in "${SENTINEL_PORTS[@]}"; do
        local seen=DOWN
        redis_answers "$p" && seen="sentinel; master $(timeout 3 redis-cli -h 127.0.0.1 -p "$p" sentinel get-master-addr-by-name "$SENTINEL_MASTER" 2>/dev/null | paste -sd: -)"
        printf '%-14s %-18s %s\n' sentinel "127.0.0.1:$p" "$seen"
    done
    for p in "${HA_CLUSTER_PORTS[@]}"; do
        printf '%-14s %-18s %s\n' ha-cluster "127.0.0.1:$p" "$(ha_role "$p")"
    done
    [[ -n "$(sentinel_master)" ]] && ha_cluster_ok
}
