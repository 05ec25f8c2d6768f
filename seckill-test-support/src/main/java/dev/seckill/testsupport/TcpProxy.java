package dev.seckill.testsupport;

import dev.seckill.tcpgate.TcpGate;

/**
 * A loopback TCP proxy in front of a real server, so that a test can cut the network to it
 * ({@link #cut}: open connections are dropped and new ones refused) and bring it back
 * ({@link #restore}) without stopping the shared server itself. A {@link TcpGate} in the
 * tests' terms: endpoints in, endpoints out.
 */
public final class TcpProxy implements AutoCloseable {

    private final TcpGate gate;

    public TcpProxy(TestServices.Endpoint target) {
        this.gate = new TcpGate(target.host(), target.port());
    }

    /** The proxy's own endpoint, to give to the code under test. */
    public TestServices.Endpoint endpoint() {
        return new TestServices.Endpoint("127.0.0.1", gate.port());
    }

    /** Drops every open connection and refuses new ones. */
    public void cut() {
        gate.cut();
    }

    /** Accepts connections again, on the same port. */
    public void restore() {
        gate.restore();
    }

    @Override
    public void close() {
        gate.close();
    }
}
