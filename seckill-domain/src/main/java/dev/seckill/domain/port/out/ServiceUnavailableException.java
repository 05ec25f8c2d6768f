package dev.seckill.domain.port.out;

/**
 * A backing store (the reservation store, the ledger, the queue) cannot be reached right now. Not the order's
 * fault: callers answer 503 or pause and try again later, they never count it as a failed order.
 */
public class ServiceUnavailableException extends RuntimeException {

    private final String service;

    public ServiceUnavailableException(String service, String message, Throwable cause) {
        super(service + " is unavailable: " + message, cause);
        this.service = service;
    }

    public String service() {
        return service;
    }
}
