package dev.seckill.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.seckill.domain.service.RestoreSaleService;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The domain logs through {@code System.Logger} (it depends on nothing): in the app those lines reach logback, with its
 * levels and its appenders, like every other line, not java.util.logging's two-line format.
 */
class DomainLogTest {

    @Test
    void aDomainLineReachesLogbackWithItsLevelAndLogger() {
        Logger logback = (Logger) LoggerFactory.getLogger(RestoreSaleService.class.getName());
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logback.addAppender(lines);
        try {
            System.getLogger(RestoreSaleService.class.getName())
                    .log(System.Logger.Level.WARNING, "the sale of voucher {0} is {1}", 7, "missing");
            System.getLogger(RestoreSaleService.class.getName()).log(System.Logger.Level.TRACE, "below the level");
        } finally {
            logback.detachAppender(lines);
        }

        assertThat(lines.list).hasSize(1);
        ILoggingEvent line = lines.list.get(0);
        assertThat(line.getLevel()).isEqualTo(Level.WARN);
        assertThat(line.getLoggerName()).isEqualTo(RestoreSaleService.class.getName());
        assertThat(line.getFormattedMessage()).isEqualTo("the sale of voucher 7 is missing");
    }
}
