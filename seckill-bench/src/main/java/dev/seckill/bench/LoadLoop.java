package dev.seckill.bench;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One event loop of the load generator: its connections, sending each its next request and reading the answers. */
final class LoadLoop {

    private static final Logger LOG = LoggerFactory.getLogger(LoadLoop.class);
    private static final long RECONNECT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    final LoadGenerator.Plan plan;
    final LoadSchedule schedule;
    final int index;
    final List<LoadConnection> connections = new ArrayList<>();
    LoadRecorder recorder;
    Selector selector;
    volatile boolean stopped;
    boolean exhausted;

    LoadLoop(LoadGenerator.Plan plan, LoadSchedule schedule, int index, int threads, int count) {
        this.plan = plan;
        this.schedule = schedule;
        this.index = index;
        for (int c = 0; c < count; c++) {
            int global = index + c * threads;
            connections.add(new LoadConnection(
                    plan.targets().get(global % plan.targets().size())));
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
        for (LoadConnection c : connections) {
            try {
                SocketChannel channel = SocketChannel.open(c.target);
                attach(c, channel);
            } catch (IOException e) {
                LOG.debug("connecting to {} failed at start: {}", c.target, e.toString());
            }
        }
    }

    private void attach(LoadConnection c, SocketChannel channel) throws IOException {
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
                for (LoadConnection c : connections) {
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
            for (LoadConnection c : connections) {
                if (c.inFlight) {
                    fail(c, "cut off at the deadline", now);
                } else if (c.index >= 0) {
                    recorder.failed(LoadGenerator.NOT_SENT, 1, now);
                }
                c.close();
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
            LoadConnection c = (LoadConnection) key.attachment();
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
                fail(c, LoadConnection.failureKind(e), now);
            }
        }
    }

    private void send(LoadConnection c, long now) {
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
            fail(c, LoadConnection.failureKind(e), now);
        }
    }

    private void write(LoadConnection c) throws IOException {
        c.channel.write(c.out);
        c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void read(LoadConnection c, long now) throws IOException {
        c.inBuffer.limit(c.in.length);
        int n = c.channel.read(c.inBuffer);
        if (n < 0) {
            if (c.inFlight) {
                fail(c, "closed by the server", now);
            } else {
                c.close();
            }
            return;
        }
        if (!c.inFlight) {
            // bytes nobody asked for: the connection is out of step, start afresh
            c.close();
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
            c.close();
        }
        // closed loop: ask again at once, without a trip through the selector
        if (!plan.openLoop() && c.channel != null && !exhausted && claimNext(c, now)) {
            send(c, now);
        }
    }

    /** Gives the connection the next request of the plan; false (and exhausted) when none is left. */
    private boolean claimNext(LoadConnection c, long now) {
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

    private void fail(LoadConnection c, String kind, long now) {
        if (c.inFlight) {
            recorder.failed(kind, 1, now);
        }
        c.inFlight = false;
        c.index = -1;
        c.notBefore = plan.openLoop() ? 0 : now + RECONNECT_BACKOFF_NANOS;
        c.close();
    }
}
