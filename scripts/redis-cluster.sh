# shellcheck shell=bash
# The tests' Redis Cluster: three masters, no replicas, on SECKILL_REDIS_CLUSTER_PORTS, each node a
# redis-server of ours (redis_launch, from redis.sh) under $STATE/redis-cluster/<port>.

REDIS_CLUSTER_PORTS=${SECKILL_REDIS_CLUSTER_PORTS:-7001 7002 7003}

CLUSTER_DIR="$STATE/redis-cluster"

cluster_info_field() { # PORT FIELD
    timeout 3 redis-cli -h 127.0.0.1 -p "$1" cluster info 2>/dev/null | tr -d '\r' | sed -n "s/^$2://p"
}

cluster_node_ok() { [[ "$(cluster_info_field "$1" cluster_state)" == ok ]]; }

cluster_ok() {
    local p
    for p in $REDIS_CLUSTER_PORTS; do cluster_node_ok "$p" || return 1; done
}

# true when no node knows another node and no slot is assigned: a brand-new cluster.
cluster_blank() {
    local p
    for p in $REDIS_CLUSTER_PORTS; do
        [[ "$(cluster_info_field "$p" cluster_known_nodes)" == 1 ]] || return 1
        [[ "$(cluster_info_field "$p" cluster_slots_assigned)" == 0 ]] || return 1
    done
}

cluster_up() {
    need_cmd redis-cli redis-tools
    if cluster_ok; then
        log "redis-cluster: reusing the cluster answering on ports ${REDIS_CLUSTER_PORTS// /,} (cluster_state:ok)"
        local p
        for p in $REDIS_CLUSTER_PORTS; do
            if ours "$CLUSTER_DIR/$p/redis.pid" redis-server; then redis_make_durable "$p"; fi
        done
        return 0
    fi
    cluster_start
}

cluster_start() {
    local p addrs=() all_ours=1
    if cluster_ok; then log "redis-cluster: already up (cluster_state:ok)"; return 0; fi
    need_cmd redis-cli redis-tools
    for p in $REDIS_CLUSTER_PORTS; do
        addrs+=("127.0.0.1:$p")
        if redis_answers "$p"; then
            [[ -n "$(cluster_info_field "$p" cluster_state)" ]] \
                || die "redis-cluster: 127.0.0.1:$p answers but has cluster support disabled; set SECKILL_REDIS_CLUSTER_PORTS"
            ours "$CLUSTER_DIR/$p/redis.pid" redis-server || all_ours=0
            continue
        fi
        port_open "$p" && die "redis-cluster: port $p is taken by something that is not Redis; set SECKILL_REDIS_CLUSTER_PORTS"
        need_cmd redis-server redis-server
        log "redis-cluster: starting node 127.0.0.1:$p"
        # cluster-node-timeout is short so a restarted node is seen again quickly
        redis_launch "$p" "$CLUSTER_DIR/$p" --cluster-enabled yes \
            --cluster-config-file "nodes-$p.conf" --cluster-node-timeout 5000
    done
    for p in $REDIS_CLUSTER_PORTS; do
        wait_for "redis-cluster node" "$p" "$REDIS_WAIT" "$CLUSTER_DIR/$p/redis.pid" redis-server \
            redis_answers "$p" -- "$CLUSTER_DIR/$p/redis.log"
    done

    if ! cluster_blank; then
        # Nodes that kept their nodes-<port>.conf re-form the old cluster by themselves.
        local deadline=$((SECONDS + 20))
        until cluster_ok || ((SECONDS >= deadline)); do sleep 0.5; done
        if cluster_ok; then log "redis-cluster: up again on ports ${REDIS_CLUSTER_PORTS// /,}"; return 0; fi
        ((all_ours)) || die "redis-cluster: nodes on ${REDIS_CLUSTER_PORTS// /,} are not in cluster_state:ok and not all of them are ours; fix or stop them"
        # Only our own test cluster gets here: starting it over drops what it held.
        log "redis-cluster: the old cluster did not re-form; resetting the nodes and creating it again"
        for p in $REDIS_CLUSTER_PORTS; do
            redis-cli -h 127.0.0.1 -p "$p" flushall >/dev/null 2>&1 || true
            redis-cli -h 127.0.0.1 -p "$p" cluster reset hard >/dev/null
        done
    fi
    log "redis-cluster: creating the cluster of ${addrs[*]}"
    redis-cli --cluster create "${addrs[@]}" --cluster-replicas 0 --cluster-yes \
        >"$CLUSTER_DIR/create.log" 2>&1 \
        || { show_logs "$CLUSTER_DIR/create.log"; die "redis-cluster: 'redis-cli --cluster create' failed; read $CLUSTER_DIR/create.log"; }
    local first=${REDIS_CLUSTER_PORTS%% *}
    wait_for redis-cluster "$first" "$REDIS_WAIT" "" "" cluster_ok -- \
        "$CLUSTER_DIR/create.log" "$CLUSTER_DIR/$first/redis.log"
    log "redis-cluster: up on ports ${REDIS_CLUSTER_PORTS// /,} (cluster_state:ok)"
}

cluster_stop() {
    local p
    for p in $REDIS_CLUSTER_PORTS; do
        stop_pidfile "redis-cluster node $p" "$CLUSTER_DIR/$p/redis.pid" redis-server 20
    done
}

