package dev.seckill.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in HTTP/1.1 load generator: keep-alive connections driven by a few NIO event loops
 * (like wrk), pre-encoded requests, a minimal response parser. Two models:
 * <ul>
 *   <li>open loop (burst): request {@code i} is due at {@code start + i·spread/count}; its latency is
 *   measured from that moment, so waiting for a free connection counts (no coordinated omission);</li>
 *   <li>closed loop: each connection sends its next request as soon as the previous one is answered,
 *   for a duration; latency from sending.</li>
 * </ul>
 * Every run is bounded in requests and by a hard deadline, and talks to loopback addresses only.
 */
final class LoadGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);
    private static final int BUFFER_BYTES = 16 * 1024;
    private static final long RECONNECT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    static final String NOT_SENT = "not sent before the deadline";

    /** What to send: the request bytes of each slot (one per user, or one for a bare endpoint), and the slot of the i-th request. */
    interface Workload {
        int slotOf(long index);

        byte[] request(int slot);
    }

    /**
     * One run.
     *
     * @param spread         open loop: the window the requests are spread over; null for a closed loop
     * @param duration       closed loop: how long to keep asking
     * @param maxRequests    the most requests this run sends (the whole burst for an open loop)
     * @param ordersAnswered a 200 carries an order id (the seckill endpoint)
     * @param acceptedSoFar  counts the orders accepted while the run goes on (for drills that strike mid-sale)
     */
    record Plan(String label, List<InetSocketAddress> targets, Workload workload, boolean ordersAnswered,
                int connections, int threads, long maxRequests, Duration spread, Duration duration,
                Duration requestTimeout, LongAdder acceptedSoFar) {

        Plan(String label, List<InetSocketAddress> targets, Workload workload, boolean ordersAnswered, int connections,
             int threads, long maxRequests, Duration spread, Duration duration, Duration requestTimeout) {
            this(label, targets, workload, ordersAnswered, connections, threads, maxRequests, spread, duration, requestTimeout,
                    new LongAdder());
        }

        Plan {
            Objects.requireNonNull(targets, "targets");
            if (targets.isEmpty() || targets.stream().anyMatch(t -> !t.getAddress().isLoopbackAddress())) {
                throw new IllegalArgumentException("the load generator only talks to loopback addresses, got " + targets);
            }
            if (spread == null && duration == null) {
                throw new IllegalArgumentException("a plan needs a spread (open loop) or a duration (closed loop)");
            }
        }

        boolean openLoop() {
            return spread != null;
        }

        /** After this, whatever is still unanswered is cut off. */
        Duration hardLimit() {
            return (openLoop() ? spread : duration).plus(requestTimeout).plusSeconds(1);
        }
    }

    private LoadGenerator() {
    }

    /** Runs the plan on {@code plan.threads()} event loops and returns what they saw. */
    static LoadResult run(Plan plan) {
        int threads = Math.min(plan.threads(), plan.connections());
        List<Loop> loops = new ArrayList<>();
        Schedule schedule = new Schedule(plan);
        for (int t = 0; t < threads; t++) {
            int connections = plan.connections() / threads + (t < plan.connections() % threads ? 1 : 0);
            loops.add(new Loop(plan, schedule, t, threads, connections));
        }
        CountDownLatch connected = new CountDownLatch(loops.size());
        List<Thread> running = new ArrayList<>();
        for (Loop loop : loops) {
            Thread thread = new Thread(() -> {
                loop.connectAll();
                connected.countDown();
                try {
                    connected.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                loop.run();
            }, "load-" + plan.label() + "-" + loop.index);
            thread.setDaemon(true);
            running.add(thread);
        }
        running.forEach(Thread::start);
        try {
            connected.await();
            schedule.start(System.nanoTime() + START_DELAY_NANOS);
            for (Thread thread : running) {
                thread.join(plan.hardLimit().plusSeconds(10).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loops.forEach(Loop::stop);
        }
        List<LoadRecorder> recorders = loops.stream().map(l -> l.recorder).filter(Objects::nonNull).toList();
        if (plan.openLoop() && !recorders.isEmpty()) {
            // requests that came due but found no free connection before the deadline are failures too
            recorders.get(0).failed(NOT_SENT, schedule.unclaimed(), schedule.hardDeadline());
        }
        return LoadRecorder.merge(plan.label(), schedule.origin(), recorders);
    }

    /** Hands out request indexes in order, with the moment each is due. */
    private static final class Schedule {
        private final Plan plan;
        private final AtomicLong next = new AtomicLong();
        private volatile long origin;
        private volatile boolean started;

        Schedule(Plan plan) {
            this.plan = plan;
        }

        void start(long at) {
            origin = at;
            started = true;
        }

        long origin() {
            return origin;
        }

        boolean started() {
            return started;
        }

        long end() {
            return origin + (plan.openLoop() ? plan.spread() : plan.duration()).toNanos();
        }

        long hardDeadline() {
            return origin + plan.hardLimit().toNanos();
        }

        /** The next request index, or -1 when the run has handed out all of them. */
        long claim(long now) {
            if (!plan.openLoop() && now >= end()) {
                return -1;
            }
            long index = next.getAndIncrement();
            return index < plan.maxRequests() ? index : -1;
        }

        /** Requests never handed out. */
        long unclaimed() {
            return Math.max(0, plan.maxRequests() - next.get());
        }

        long dueAt(long index, long now) {
            if (!plan.openLoop()) {
                return now;
            }
            return origin + (long) ((double) plan.spread().toNanos() * index / plan.maxRequests());
        }
    }

    private static final class Connection {
        final InetSocketAddress target;
        final byte[] in = new byte[BUFFER_BYTES];
        final ByteBuffer inBuffer = ByteBuffer.wrap(in);
        SocketChannel channel;
        SelectionKey key;
        boolean connecting;
        ByteBuffer out;
        long index = -1;
        int slot;
        long dueAt;
        long sentAt;
        boolean inFlight;
        long notBefore;

        Connection(InetSocketAddress target) {
            this.target = target;
        }
    }

    private static final class Loop {
        final Plan plan;
        final Schedule schedule;
        final int index;
        final List<Connection> connections = new ArrayList<>();
        LoadRecorder recorder;
        Selector selector;
        volatile boolean stopped;
        boolean exhausted;

        Loop(Plan plan, Schedule schedule, int index, int threads, int count) {
            this.plan = plan;
            this.schedule = schedule;
            this.index = index;
            for (int c = 0; c < count; c++) {
                int global = index + c * threads;
                connections.add(new Connection(plan.targets().get(global % plan.targets().size())));
            }
        }

        void stop() {
            stopped = true;
            if (selector != null) {
                selector.wakeup();
            }
        }

        void connectAll() {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new IllegalStateException("cannot open a selector", e);
            }
            for (Connection c : connections) {
                try {
                    SocketChannel channel = SocketChannel.open(c.target);
                    attach(c, channel);
                } catch (IOException e) {
                    LOG.debug("connecting to {} failed at start: {}", c.target, e.toString());
                }
            }
        }

        private void attach(Connection c, SocketChannel channel) throws IOException {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.channel = channel;
            c.key = channel.register(selector, SelectionKey.OP_READ, c);
        }

        void run() {
            while (!schedule.started()) {
                Thread.onSpinWait();
            }
            recorder = new LoadRecorder(schedule.origin(), plan.ordersAnswered());
            long hardDeadline = schedule.hardDeadline();
            long timeout = plan.requestTimeout().toNanos();
            try {
                while (!stopped) {
                    long now = System.nanoTime();
                    if (now >= hardDeadline) {
                        break;
                    }
                    long wake = now + TimeUnit.MILLISECONDS.toNanos(10);
                    boolean busy = false;
                    for (Connection c : connections) {
                        if (c.inFlight) {
                            if (now - c.sentAt > timeout) {
                                fail(c, "timeout", now);
                            } else {
                                busy = true;
                                wake = Math.min(wake, c.sentAt + timeout);
                                continue;
                            }
                        }
                        if (c.index < 0 && !exhausted && now >= c.notBefore) {
                            claimNext(c, now);
                        }
                        if (c.index >= 0) {
                            if (c.dueAt <= now) {
                                send(c, now);
                                busy |= c.inFlight;
                            } else {
                                wake = Math.min(wake, c.dueAt);
                            }
                        } else if (!exhausted) {
                            wake = Math.min(wake, c.notBefore);
                        }
                    }
                    if (!busy && exhausted && connections.stream().allMatch(c -> c.index < 0)) {
                        break;
                    }
                    long waitNanos = wake - System.nanoTime();
                    if (waitNanos >= 1_000_000) {
                        selector.select(Math.min(waitNanos / 1_000_000, 10));
                    } else if (waitNanos > 50_000 && !busy) {
                        // finer than select's millisecond, so that an idle open loop sends on time
                        LockSupport.parkNanos(waitNanos);
                        selector.selectNow();
                    } else if (waitNanos > 50_000) {
                        selector.select(1);
                    } else {
                        selector.selectNow();
                    }
                    handleReady();
                }
            } catch (IOException e) {
                LOG.warn("load generator loop {} stopped: {}", index, e.toString());
            } finally {
                long now = System.nanoTime();
                for (Connection c : connections) {
                    if (c.inFlight) {
                        fail(c, "cut off at the deadline", now);
                    } else if (c.index >= 0) {
                        recorder.failed(NOT_SENT, 1, now);
                    }
                    close(c);
                }
                try {
                    selector.close();
                } catch (IOException e) {
                    LOG.debug("closing the selector: {}", e.toString());
                }
            }
        }

        private void handleReady() {
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                Connection c = (Connection) key.attachment();
                if (!key.isValid() || c.key != key) {
                    continue;
                }
                long now = System.nanoTime();
                try {
                    if (key.isConnectable()) {
                        c.channel.finishConnect();
                        c.connecting = false;
                        key.interestOps(SelectionKey.OP_READ);
                        if (c.inFlight) {
                            write(c);
                        }
                        continue;
                    }
                    if (key.isWritable()) {
                        write(c);
                    }
                    if (key.isReadable()) {
                        read(c, now);
                    }
                } catch (IOException e) {
                    fail(c, kind(e), now);
                }
            }
        }

        private void send(Connection c, long now) {
            c.out = ByteBuffer.wrap(plan.workload().request(c.slot));
            c.inFlight = true;
            c.sentAt = now;
            try {
                if (c.channel == null) {
                    SocketChannel channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    c.channel = channel;
                    c.key = channel.register(selector, SelectionKey.OP_CONNECT, c);
                    c.connecting = !channel.connect(c.target);
                    if (c.connecting) {
                        return;
                    }
                    c.key.interestOps(SelectionKey.OP_READ);
                }
                if (!c.connecting) {
                    write(c);
                }
            } catch (IOException e) {
                fail(c, kind(e), now);
            }
        }

        private void write(Connection c) throws IOException {
            c.channel.write(c.out);
            c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        private void read(Connection c, long now) throws IOException {
            c.inBuffer.limit(c.in.length);
            int n = c.channel.read(c.inBuffer);
            if (n < 0) {
                if (c.inFlight) {
                    fail(c, "closed by the server", now);
                } else {
                    close(c);
                }
                return;
            }
            if (!c.inFlight) {
                // bytes nobody asked for: the connection is out of step, start afresh
                close(c);
                return;
            }
            ResponseParser.Response response;
            try {
                response = ResponseParser.parse(c.in, c.inBuffer.position());
            } catch (ResponseParser.MalformedResponseException e) {
                fail(c, "bad response", now);
                return;
            }
            if (response == null) {
                if (!c.inBuffer.hasRemaining()) {
                    fail(c, "response too large", now);
                }
                return;
            }
            String code = null;
            String data = null;
            if (response.status() != 200) {
                code = ResponseParser.jsonString(c.in, response.bodyStart(), response.bodyEnd(), "code");
            } else if (plan.ordersAnswered()) {
                data = ResponseParser.jsonString(c.in, response.bodyStart(), response.bodyEnd(), "data");
            }
            recorder.answered(c.slot, response.status(), code, data, c.dueAt, now);
            if (data != null && response.status() == 200) {
                plan.acceptedSoFar().increment();
            }
            c.inFlight = false;
            c.index = -1;
            c.inBuffer.clear();
            if (response.close()) {
                close(c);
            }
            // closed loop: ask again at once, without a trip through the selector
            if (!plan.openLoop() && c.channel != null && !exhausted && claimNext(c, now)) {
                send(c, now);
            }
        }

        /** Gives the connection the next request of the plan; false (and exhausted) when none is left. */
        private boolean claimNext(Connection c, long now) {
            long claimed = schedule.claim(now);
            if (claimed < 0) {
                exhausted = true;
                return false;
            }
            c.index = claimed;
            c.slot = plan.workload().slotOf(claimed);
            c.dueAt = schedule.dueAt(claimed, now);
            return true;
        }

        private void fail(Connection c, String kind, long now) {
            if (c.inFlight) {
                recorder.failed(kind, 1, now);
            }
            c.inFlight = false;
            c.index = -1;
            c.notBefore = plan.openLoop() ? 0 : now + RECONNECT_BACKOFF_NANOS;
            close(c);
        }

        private void close(Connection c) {
            if (c.channel != null) {
                try {
                    c.channel.close();
                } catch (IOException e) {
                    LOG.debug("closing a connection: {}", e.toString());
                }
            }
            c.channel = null;
            c.key = null;
            c.connecting = false;
            c.inBuffer.clear();
        }

        private static String kind(IOException e) {
            if (e instanceof ConnectException) {
                return "connection refused";
            }
            String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (message.contains("reset")) {
                return "connection reset";
            }
            if (message.contains("broken pipe")) {
                return "broken pipe";
            }
            return "io error";
        }
    }
}
