# shellcheck shell=bash
# Kafka as production runs it, for the broker drills and tests (`services up --ha`): three brokers in KRaft mode, each
# also one of the three controller voters, on 127.0.0.1, the service's topics at replication factor 3 with
# min.insync.replicas 2 (the app creates them so on a cluster of three). Sized for a 2-core machine beside the app and
# the tests: small heaps, few threads, small segments. The broker jars are the single broker's (kafka.sh).

read -r -a KAFKA_HA_PORTS <<<"${SECKILL_KAFKA_HA_PORTS:-19092 19093 19094}"
read -r -a KAFKA_HA_CONTROLLER_PORTS <<<"${SECKILL_KAFKA_HA_CONTROLLER_PORTS:-19192 19193 19194}"
KAFKA_HA_DIR="$STATE/kafka-ha"

# The bootstrap servers of the cluster (SECKILL_KAFKA_BOOTSTRAP_SERVERS takes them as they are).
kafka_ha_servers() {
    local p hosts=()
    for p in "${KAFKA_HA_PORTS[@]}"; do hosts+=("127.0.0.1:$p"); done
    local IFS=,
    printf '%s' "${hosts[*]}"
}

kafka_ha_node_dir() { printf '%s/broker-%s' "$KAFKA_HA_DIR" "$1"; }

# kafka_ha_index PORT: the broker's node id (1, 2, 3) from its port; empty when it is none of ours.
kafka_ha_index() {
    local i
    for i in "${!KAFKA_HA_PORTS[@]}"; do
        [[ ${KAFKA_HA_PORTS[$i]} == "$1" ]] && { echo $((i + 1)); return 0; }
    done
}

kafka_ha_write_props() {
    local port=$1 id dir voters="" i
    id=$(kafka_ha_index "$port")
    dir=$(kafka_ha_node_dir "$port")
    for i in "${!KAFKA_HA_PORTS[@]}"; do
        voters+="${voters:+,}$((i + 1))@127.0.0.1:${KAFKA_HA_CONTROLLER_PORTS[$i]}"
    done
    mkdir -p "$dir/data" "$dir/logs"
    cat >"$dir/server.properties" <<EOF
# Written by ./seckill on every start; edit the script, not this file.
# One of three: a broker and a controller voter, KRaft mode.
process.roles=broker,controller
node.id=$id
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:${KAFKA_HA_CONTROLLER_PORTS[$((id - 1))]}
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data

# two cores for three brokers, the app and the tests
num.network.threads=2
num.io.threads=2
num.replica.fetchers=1
background.threads=2
num.partitions=3
default.replication.factor=3
min.insync.replicas=2
unclean.leader.election.enable=false
offsets.topic.replication.factor=3
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
transaction.state.log.num.partitions=6
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=2
group.initial.rebalance.delay.ms=0
# a replica that stops fetching leaves the ISR after this: how soon writes go on with two of three
replica.lag.time.max.ms=10000
# a broker silent this long is fenced and its partitions get new leaders (Kafka's default: 9 s)
broker.session.timeout.ms=4000
broker.heartbeat.interval.ms=1000

log.retention.hours=24
log.segment.bytes=16777216
EOF
}

# kafka_ha_launch PORT: one broker of ours, returning at once (kafka_ha_wait waits for it).
kafka_ha_launch() {
    local port=$1 dir
    dir=$(kafka_ha_node_dir "$port")
    kafka_answers "$port" && return 0
    port_open "$port" && die "kafka-ha: port $port is taken by something that is not Kafka; set SECKILL_KAFKA_HA_PORTS"
    kafka_ha_write_props "$port"
    kafka_format_storage "kafka-ha broker $port" "$KAFKA_HA_DIR" "$dir" "$dir/server.properties"
    log "kafka-ha: starting broker $(kafka_ha_index "$port") on 127.0.0.1:$port"
    kafka_spawn "$dir" "$dir/server.properties" -Xms192m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k
}

kafka_ha_wait() {
    local port=$1 dir
    dir=$(kafka_ha_node_dir "$port")
    wait_for "kafka-ha broker" "$port" "$KAFKA_WAIT" "$dir/kafka.pid" kafka.Kafka kafka_answers "$port" -- \
        "$dir/logs/server.log" "$dir/kafka.out"
}

# kafka_ha_complete: a metadata request through the first broker lists all three.
kafka_ha_complete() {
    [[ "$(kafka_tool org.apache.kafka.tools.BrokerApiVersionsCommand --bootstrap-server "$(kafka_ha_servers)" \
        2>/dev/null | grep -c '^127.0.0.1:')" -ge "${#KAFKA_HA_PORTS[@]}" ]]
}

kafka_ha_up() {
    kafka_check_java
    kafka_libs
    local p
    # the three at once: a controller quorum needs two voters before anyone answers
    for p in "${KAFKA_HA_PORTS[@]}"; do kafka_ha_launch "$p"; done
    for p in "${KAFKA_HA_PORTS[@]}"; do kafka_ha_wait "$p"; done
    wait_for "kafka-ha" "${KAFKA_HA_PORTS[0]}" "$KAFKA_WAIT" "" "" kafka_ha_complete -- \
        "$(kafka_ha_node_dir "${KAFKA_HA_PORTS[0]}")/logs/server.log"
    log "kafka-ha: up; three brokers at $(kafka_ha_servers)"
}

kafka_ha_down() {
    local p
    # all at once: the last broker of a quorum stopped one by one waits for controllers that are gone
    for p in "${KAFKA_HA_PORTS[@]}"; do
        stop_pidfile "kafka@$p" "$(kafka_ha_node_dir "$p")/kafka.pid" kafka.Kafka 60 &
    done
    wait
}

# kafka_ha_port NAME: the port of kafka@PORT, checked to be one of ours.
kafka_ha_port() {
    local port=${1#kafka@}
    [[ -n "$(kafka_ha_index "$port")" ]] \
        || usage_error "$1 is none of ours: the brokers are kafka@PORT with PORT one of ${KAFKA_HA_PORTS[*]}"
    printf '%s' "$port"
}

kafka_ha_start() {
    local port
    port=$(kafka_ha_port "$1")
    kafka_check_java
    kafka_libs
    kafka_ha_launch "$port"
    kafka_ha_wait "$port"
}

kafka_ha_stop() {
    local port
    port=$(kafka_ha_port "$1")
    stop_pidfile "$1" "$(kafka_ha_node_dir "$port")/kafka.pid" kafka.Kafka 60
}

kafka_ha_kill() {
    local port
    port=$(kafka_ha_port "$1")
    kill_pidfile "$1" "$(kafka_ha_node_dir "$port")/kafka.pid" kafka.Kafka
}

# kafka_ha_status: each broker, and which broker leads each partition of the orders topic.
kafka_ha_status() {
    local p ok=1 topic=${SECKILL_KAFKA_TOPICS_ORDERS:-seckill-orders}
    for p in "${KAFKA_HA_PORTS[@]}"; do
        if kafka_answers "$p"; then
            printf '%-14s %-18s %s\n' kafka-ha "127.0.0.1:$p" "broker $(kafka_ha_index "$p")"
        else
            printf '%-14s %-18s %s\n' kafka-ha "127.0.0.1:$p" DOWN
            ok=0
        fi
    done
    if ((ok)); then
        kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$(kafka_ha_servers)" --describe \
            --topic "$topic" 2>/dev/null | sed -n 's/.*Partition: \([0-9]*\).*Leader: \([0-9-]*\).*Replicas: \([0-9,]*\).*Isr: \([0-9,]*\).*/  '"$topic"' partition \1: leader broker \2, replicas \3, in sync \4/p'
    fi
    ((ok))
}
