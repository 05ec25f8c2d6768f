package dev.seckill.mysql;

import dev.seckill.domain.port.out.ServiceUnavailableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.jdbi.v3.core.ConnectionException;

/** Tells a database outage (try the same again later) from a failure of the statement itself. */
final class Outages {

    static final String SERVICE = "mysql";

    // server and client error codes that say "not now", whatever the statement was
    private static final Set<Integer> OUTAGE_CODES = Set.of(
            1040, // too many connections
            1053, // server shutdown in progress
            1152, 1158, 1159, 1160, 1161, // aborted connection, network read/write errors
            1205, // lock wait timeout exceeded
            1213, // deadlock found
            1290, // running with --read-only (or another option that refuses writes)
            1317, // query execution was interrupted (a shutdown or a kill)
            1792, // cannot execute statement in a READ ONLY transaction
            1836, // running in read-only mode
            1927, // MariaDB: connection was killed
            2002, 2003, 2006, 2013, 2055); // cannot connect, server gone away, lost connection

    private Outages() {}

    /** Whether the failure is about reaching the database rather than about what was asked of it. */
    static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectionException
                    || cause instanceof SQLTransientException // connection not available, timeouts, deadlock, lock wait
                    || cause instanceof SQLRecoverableException // the driver's communications link failure
                    || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql
                    && (isConnectionState(sql.getSQLState())
                            || "40001".equals(sql.getSQLState())
                            || OUTAGE_CODES.contains(sql.getErrorCode()))) {
                return true;
            }
            if (cause instanceof SocketException || cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionState(String sqlState) {
        return sqlState != null && sqlState.startsWith("08");
    }

    /** The failure as a {@link ServiceUnavailableException} when it is an outage, else unchanged. */
    static RuntimeException translate(RuntimeException failure) {
        if (failure instanceof ServiceUnavailableException) {
            return failure;
        }
        return isOutage(failure) ? new ServiceUnavailableException(SERVICE, describe(failure), failure) : failure;
    }

    /** One line for a log or a failed order: the database's own message, without a stack trace. */
    static String describe(Throwable failure) {
        Throwable shown = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException) {
                shown = cause;
                break;
            }
        }
        String message = shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
        String firstLine = message.lines().findFirst().orElse(message).strip();
        return firstLine.length() > 500 ? firstLine.substring(0, 500) + "..." : firstLine;
    }
}
