package dev.seckill.smtp;

import java.util.List;
import java.util.Objects;

/**
 * Where the dead-letter alerts are e-mailed ({@code smtp.*} in the configuration). The app builds
 * {@link SmtpAlerts} only when {@code smtp.host} is set.
 *
 * @param username empty for a server without authentication
 * @param startTls whether to upgrade the connection with STARTTLS (required when true)
 */
public record SmtpSettings(String host, int port, String username, String password, String from, List<String> to,
                           boolean startTls) {

    public SmtpSettings {
        Objects.requireNonNull(host, "smtp.host is required");
        if (host.isBlank()) {
            throw new IllegalArgumentException("smtp.host must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("smtp.port must be between 1 and 65535, got " + port);
        }
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        Objects.requireNonNull(from, "smtp.from is required");
        if (from.isBlank()) {
            throw new IllegalArgumentException("smtp.from must not be blank");
        }
        Objects.requireNonNull(to, "smtp.to is required");
        to = to.stream().filter(address -> address != null && !address.isBlank()).toList();
        if (to.isEmpty()) {
            throw new IllegalArgumentException("smtp.to needs at least one address");
        }
    }

    boolean authenticates() {
        return !username.isBlank();
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", username=" + username + ", from=" + from
                + ", to=" + to + ", startTls=" + startTls + "]";
    }
}
