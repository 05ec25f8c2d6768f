package dev.seckill.smtp;

import java.util.List;
import java.util.Objects;

/**
 * Where the dead-letter alerts are e-mailed. The app's {@code smtp:} configuration section binds
 * straight into it; with no {@code host} there are no mails ({@link #enabled()}), the app logs the
 * alerts instead.
 *
 * @param username empty for a server without authentication
 * @param to       who gets the alerts (given as one comma-separated text in the configuration)
 * @param startTls whether to upgrade the connection with STARTTLS (required when true)
 */
public record SmtpSettings(
        String host, int port, String username, String password, String from, List<String> to, boolean startTls) {

    /** No mails. */
    public static final SmtpSettings DEFAULTS = new SmtpSettings("", 25, "", "", "seckill@localhost", List.of(), false);

    public SmtpSettings {
        host = host == null ? "" : host.trim();
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("smtp.port must be between 1 and 65535, got " + port);
        }
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        Objects.requireNonNull(from, "smtp.from is required");
        if (from.isBlank()) {
            throw new IllegalArgumentException("smtp.from must not be blank");
        }
        to = to == null
                ? List.of()
                : to.stream()
                        .filter(address -> address != null && !address.isBlank())
                        .map(String::trim)
                        .toList();
        if (!host.isEmpty() && to.isEmpty()) {
            throw new IllegalArgumentException("smtp.to is required when smtp.host is set (who gets the alerts?)");
        }
    }

    /** Whether alerts are mailed at all. */
    public boolean enabled() {
        return !host.isEmpty();
    }

    boolean authenticates() {
        return !username.isBlank();
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", username=" + username + ", from=" + from + ", to="
                + to + ", startTls=" + startTls + "]";
    }
}
