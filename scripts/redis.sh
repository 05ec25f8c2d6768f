# shellcheck shell=bash
# The standalone Redis of the local services: one redis-server of ours on 127.0.0.1 with an
# append-only file under $STATE/redis. redis_launch is shared with the cluster's nodes.

REDIS_URI=${SECKILL_REDIS_URI:-redis://127.0.0.1:6379/0}
# a Sentinel address names the replicated Redis (redis-ha.sh): the standalone one keeps its default port
redis_on_sentinel() { [[ $REDIS_URI == redis-sentinel://* ]]; }
if redis_on_sentinel; then
    REDIS_PORT=6379
else
    REDIS_PORT=$(local_port SECKILL_REDIS_URI "$REDIS_URI" 6379)
fi
# How often Redis fsyncs its append-only file: everysec (the default) or always; see the README's operations section.
REDIS_APPENDFSYNC=${SECKILL_REDIS_APPENDFSYNC:-everysec}
# seconds to wait for a node to answer after starting it
REDIS_WAIT=${SECKILL_REDIS_WAIT:-30}

REDIS_DIR="$STATE/redis"

redis_answers() {
    [[ "$(timeout 3 redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" == PONG ]]
}

redis_fsync_check() {
    case "$REDIS_APPENDFSYNC" in
        always | everysec) ;;
        *) usage_error "SECKILL_REDIS_APPENDFSYNC must be always or everysec, got '$REDIS_APPENDFSYNC'" ;;
    esac
}

# redis_launch PORT DIR [EXTRA ARGS]: a daemonised redis-server of ours that keeps an append-only
# file in DIR, so that its data (sales, reservations, pending orders, sessions) survives a crash.
redis_launch() {
    local port=$1 dir=$2
    shift 2
    redis_fsync_check
    mkdir -p "$dir"
    rm -f "$dir/redis.pid"
    echo "$port" >"$dir/port"
    redis-server --port "$port" --bind 127.0.0.1 --daemonize yes \
        --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
        --save '' --appendonly yes --appendfsync "$REDIS_APPENDFSYNC" "$@" >/dev/null </dev/null \
        || { show_logs "$dir/redis.log"; die "redis-server on port $port failed to start; read $dir/redis.log"; }
}

# redis_make_durable PORT: turns the append-only file on in a Redis of ours started without it.
redis_make_durable() {
    redis_fsync_check
    if ! timeout 3 redis-cli -h 127.0.0.1 -p "$1" info persistence 2>/dev/null | tr -d '\r' | grep -qx 'aof_enabled:1'; then
        log "redis: 127.0.0.1:$1 keeps no append-only file; turning it on (appendfsync $REDIS_APPENDFSYNC)"
        timeout 10 redis-cli -h 127.0.0.1 -p "$1" config set appendfsync "$REDIS_APPENDFSYNC" >/dev/null
        timeout 10 redis-cli -h 127.0.0.1 -p "$1" config set appendonly yes >/dev/null
    fi
}

redis_up() {
    need_cmd redis-cli redis-tools
    if redis_answers "$REDIS_PORT"; then
        if ours "$REDIS_DIR/redis.pid" redis-server; then
            log "redis: ours, answering on 127.0.0.1:$REDIS_PORT"
            redis_make_durable "$REDIS_PORT"
        else
            log "redis: reusing the one already answering on 127.0.0.1:$REDIS_PORT"
        fi
        return 0
    fi
    redis_start
}

redis_start() {
    if redis_answers "$REDIS_PORT"; then log "redis: already answering on 127.0.0.1:$REDIS_PORT"; return 0; fi
    port_open "$REDIS_PORT" && die "redis: port $REDIS_PORT is taken by something that does not answer PING; set SECKILL_REDIS_URI to another port"
    need_cmd redis-cli redis-tools
    need_cmd redis-server redis-server
    if ours "$REDIS_DIR/redis.pid" redis-server; then
        stop_pidfile redis "$REDIS_DIR/redis.pid" redis-server 10   # ours, but on another port
    fi
    log "redis: starting on 127.0.0.1:$REDIS_PORT (state in $REDIS_DIR)"
    redis_launch "$REDIS_PORT" "$REDIS_DIR"
    wait_for redis "$REDIS_PORT" "$REDIS_WAIT" "$REDIS_DIR/redis.pid" redis-server \
        redis_answers "$REDIS_PORT" -- "$REDIS_DIR/redis.log"
    log "redis: up on 127.0.0.1:$REDIS_PORT"
}

redis_stop() { stop_pidfile redis "$REDIS_DIR/redis.pid" redis-server 20; }

