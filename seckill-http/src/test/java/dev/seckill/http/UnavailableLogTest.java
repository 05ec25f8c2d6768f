package dev.seckill.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class UnavailableLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(UnavailableLogTest.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AtomicLong now = new AtomicLong();
    private final UnavailableLog log = new UnavailableLog(logger, Duration.ofSeconds(10), now::get);

    UnavailableLogTest() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    @Test
    void anOutageLogsItsFirst503AndThenOneLinePerIntervalWithHowManyWereNotLogged() {
        log.answered("redis", "r1", "redis: connection refused");
        for (int i = 2; i <= 1_000; i++) {
            now.addAndGet(Duration.ofMillis(5).toNanos());
            log.answered("redis", "r" + i, "redis: connection refused");
        }
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        log.answered("redis", "r1001", "redis: timed out");

        assertThat(messages())
                .containsExactly(
                        "request r1 answered 503: redis: connection refused",
                        "request r1001 answered 503: redis: timed out (999 more answered 503 for redis since its last"
                                + " such line, not logged one by one)");
    }

    @Test
    void eachServiceHasItsOwnInterval() {
        log.answered("redis", "r1", "redis down");
        log.answered("kafka", "r2", "kafka down");
        log.answered("redis", "r3", "redis down");

        assertThat(messages())
                .containsExactly("request r1 answered 503: redis down", "request r2 answered 503: kafka down");
    }

    @Test
    void aQuietIntervalLogsTheNext503Alone() {
        log.answered("mysql", "r1", "mysql down");
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        log.answered("mysql", "r2", "mysql down");

        assertThat(messages())
                .containsExactly("request r1 answered 503: mysql down", "request r2 answered 503: mysql down");
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
