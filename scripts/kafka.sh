# shellcheck shell=bash
# The local Kafka broker: KRaft, one process that is broker and controller, its jars fetched from
# Maven Central (services/kafka/pom.xml), its data under $STATE/kafka.

KAFKA_SERVERS=${SECKILL_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}
KAFKA_PORT=$(local_port SECKILL_KAFKA_BOOTSTRAP_SERVERS "$KAFKA_SERVERS" 9092)
KAFKA_CONTROLLER_PORT=${SECKILL_KAFKA_CONTROLLER_PORT:-9093}
# seconds to wait for the broker to answer after starting it
KAFKA_WAIT=${SECKILL_KAFKA_WAIT:-120}

KAFKA_DIR="$STATE/kafka"
KAFKA_LIBS="$KAFKA_DIR/libs"
KAFKA_POM="$ROOT/services/kafka/pom.xml"
KAFKA_PROPS="$KAFKA_DIR/server.properties"
KAFKA_PID="$KAFKA_DIR/kafka.pid"
KAFKA_OUT="$KAFKA_DIR/kafka.out"
KAFKA_LOGS="$KAFKA_DIR/logs"
KAFKA_TOOLS_LOG4J="$ROOT/services/kafka/tools-log4j2.properties"

# kafka_answers PORT: a Kafka ApiVersions request (key 18, v0, correlation id 1234) gets a
# reply with our correlation id. Pure bash, so checking a running broker costs milliseconds.
kafka_answers() {
    local reply
    reply=$(timeout 3 bash -c '
        exec 3<>/dev/tcp/127.0.0.1/'"$1"' || exit 1
        printf "\x00\x00\x00\x0f\x00\x12\x00\x00\x00\x00\x04\xd2\x00\x05probe" >&3
        head -c 8 <&3 | od -An -tx1 | tr -s " \n" " "' 2>/dev/null) || return 1
    [[ "$reply" == *"00 00 04 d2"* ]]   # bytes 4..7 of the reply: our correlation id
}

# kafka_tool CLASS ARGS...: runs one of Kafka's command line tools from our libs, for 30 s at most.
kafka_tool() {
    timeout 30 "$(java_bin)" -Xmx256m -Dlog4j2.configurationFile="$KAFKA_TOOLS_LOG4J" -cp "$KAFKA_LIBS/*" "$@"
}

# A real metadata request: list the topics.
kafka_metadata_ok() {
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --list >/dev/null 2>&1
}

# kafka_format_storage LABEL CLUSTER_DIR NODE_DIR PROPS: formats a broker's storage (NODE_DIR/data) once, under the
# cluster id kept in CLUSTER_DIR (made up the first time; the brokers of one cluster share it).
kafka_format_storage() {
    local label=$1 cluster=$2 node=$3 props=$4
    [[ -f "$node/data/meta.properties" ]] && return 0
    mkdir -p "$cluster"
    if [[ ! -s "$cluster/cluster.id" ]]; then
        kafka_tool kafka.tools.StorageTool random-uuid >"$cluster/cluster.id.tmp"
        mv "$cluster/cluster.id.tmp" "$cluster/cluster.id"
    fi
    log "$label: formatting $node/data (cluster id $(<"$cluster/cluster.id"))"
    kafka_tool kafka.tools.StorageTool format -t "$(<"$cluster/cluster.id")" -c "$props" >"$node/format.log" 2>&1 \
        || { show_logs "$node/format.log"; die "$label: formatting the storage failed; read $node/format.log"; }
}

# kafka_spawn NODE_DIR PROPS JVM_OPTION...: starts a broker and returns at once; its pid goes to NODE_DIR/kafka.pid, its
# console to NODE_DIR/kafka.out, its logs to NODE_DIR/logs. setsid: the broker gets its own session, so a Ctrl-C meant
# for `./seckill run` spares it.
kafka_spawn() {
    local dir=$1 props=$2
    shift 2
    setsid nohup "$(java_bin)" "$@" -Djava.awt.headless=true -Dkafka.logs.dir="$dir/logs" \
        -Dlog4j2.configurationFile="$ROOT/services/kafka/log4j2.properties" \
        -cp "$KAFKA_LIBS/*" kafka.Kafka "$props" >"$dir/kafka.out" 2>&1 </dev/null &
    echo $! >"$dir/kafka.pid"
}

kafka_check_java() {
    local v
    command -v "$(java_bin)" >/dev/null 2>&1 || die "java not found (set JAVA_HOME or put java on the PATH)"
    v=$("$(java_bin)" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
    [[ -n "$v" && "$v" -ge 17 ]] || die "the Kafka broker needs Java 17 or newer; $(java_bin) is version ${v:-unknown}"
}

# Copies the broker's jars from Maven Central unless they are there for this pom already.
kafka_libs() {
    local want
    want=$(sha256sum "$KAFKA_POM" | cut -d' ' -f1)
    [[ -f "$KAFKA_LIBS/.pom.sha256" && "$(<"$KAFKA_LIBS/.pom.sha256")" == "$want" ]] && return 0
    command -v mvn >/dev/null 2>&1 || die "mvn not found; it is needed to fetch the Kafka jars"
    log "kafka: fetching the broker jars ($KAFKA_POM) into $KAFKA_LIBS"
    rm -rf "$KAFKA_LIBS"
    mkdir -p "$KAFKA_DIR"
    mvn -q -B -f "$KAFKA_POM" dependency:copy-dependencies -DoutputDirectory="$KAFKA_LIBS" \
        >"$KAFKA_DIR/fetch.log" 2>&1 \
        || { show_logs "$KAFKA_DIR/fetch.log"; die "kafka: fetching the jars failed; read $KAFKA_DIR/fetch.log"; }
    ls "$KAFKA_LIBS"/kafka_2.13-*.jar >/dev/null 2>&1 || die "kafka: no kafka_2.13 jar in $KAFKA_LIBS after the fetch"
    echo "$want" >"$KAFKA_LIBS/.pom.sha256"
}

kafka_write_props() {
    mkdir -p "$KAFKA_DIR/data" "$KAFKA_LOGS"
    cat >"$KAFKA_PROPS" <<EOF
# Written by ./seckill on every start; edit the script, not this file.
# Single node, KRaft mode: this process is both the broker and the (only) controller.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DIR/data

num.network.threads=3
num.io.threads=4
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
# auto.create.topics.enable keeps Kafka's default (true)

offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0

log.retention.hours=24
log.segment.bytes=134217728
EOF
}

# kafka_up_begin: reuses a broker that answers, else launches ours; kafka_up_end then waits for the
# one it launched, so the broker boots while the other services start.
KAFKA_STARTING=0
kafka_up_begin() {
    if kafka_answers "$KAFKA_PORT"; then
        if ours "$KAFKA_PID" kafka.Kafka; then
            log "kafka: ours, answering on 127.0.0.1:$KAFKA_PORT"
        else
            log "kafka: reusing the broker already answering on 127.0.0.1:$KAFKA_PORT"
        fi
        return 0
    fi
    kafka_launch
    KAFKA_STARTING=1
}

kafka_up_end() {
    if ((KAFKA_STARTING)); then kafka_wait; fi
}

kafka_start() {
    if kafka_answers "$KAFKA_PORT"; then log "kafka: already answering on 127.0.0.1:$KAFKA_PORT"; return 0; fi
    kafka_launch
    kafka_wait
}

# kafka_launch: spawns our broker (fetching the jars and formatting the storage first if
# needed) and returns at once; kafka_wait then waits until it answers.
kafka_launch() {
    port_open "$KAFKA_PORT" && die "kafka: port $KAFKA_PORT is taken by something that is not Kafka; set SECKILL_KAFKA_BOOTSTRAP_SERVERS to another port"
    kafka_check_java
    kafka_libs
    if ours "$KAFKA_PID" kafka.Kafka; then
        if [[ "$(cat "$KAFKA_DIR/port" 2>/dev/null)" == "$KAFKA_PORT" ]]; then
            log "kafka: ours is still starting; waiting for it"
            return 0
        fi
        stop_pidfile kafka "$KAFKA_PID" kafka.Kafka 60   # ours, but on another port
    fi
    port_open "$KAFKA_CONTROLLER_PORT" \
        && die "kafka: controller port $KAFKA_CONTROLLER_PORT is taken; set SECKILL_KAFKA_CONTROLLER_PORT"
    kafka_write_props
    kafka_format_storage kafka "$KAFKA_DIR" "$KAFKA_DIR" "$KAFKA_PROPS"
    log "kafka: starting the broker on 127.0.0.1:$KAFKA_PORT (controller :$KAFKA_CONTROLLER_PORT, state in $KAFKA_DIR)"
    echo "$KAFKA_PORT" >"$KAFKA_DIR/port"
    kafka_spawn "$KAFKA_DIR" "$KAFKA_PROPS" -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20
}

kafka_wait() {
    wait_for kafka "$KAFKA_PORT" "$KAFKA_WAIT" "$KAFKA_PID" kafka.Kafka \
        kafka_answers "$KAFKA_PORT" -- "$KAFKA_LOGS/server.log" "$KAFKA_OUT"
    wait_for kafka "$KAFKA_PORT" "$KAFKA_WAIT" "$KAFKA_PID" kafka.Kafka \
        kafka_metadata_ok -- "$KAFKA_LOGS/server.log" "$KAFKA_OUT"
    log "kafka: up on 127.0.0.1:$KAFKA_PORT"
}

kafka_stop() { stop_pidfile kafka "$KAFKA_PID" kafka.Kafka 60; }

