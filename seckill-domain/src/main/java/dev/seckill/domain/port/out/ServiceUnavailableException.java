package dev.seckill.domain.port.out;

/**
 * A backing store (the reservation store, the ledger, the queue) cannot be reached right now. Not the order's
 * fault: callers answer 503 or pause and try again later, they never count it as a failed order.
 */
public class ServiceUnavailableException extends RuntimeException {

    private final String service;

    /**
     * An outage of one backing service.
     *
     * @param service the service's short name ({@code "redis"}, {@code "mysql"}, {@code "kafka"}), as the answer to
     *                the caller and the logs show it
     * @param message what could not be done, and why
     * @param cause   the failure that showed the outage, or null
     */
    public ServiceUnavailableException(String service, String message, Throwable cause) {
        super(service + " is unavailable: " + message, cause);
        this.service = service;
    }

    /** Which backing service cannot be reached, by its short name (e.g. {@code "redis"}). */
    public String service() {
        return service;
    }
}
