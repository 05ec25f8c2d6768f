package dev.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seckill.domain.port.out.ServiceUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class RedisFailuresTest {

    @Test
    void connectionTroubleIsAnOutageOfRedis() {
        for (RuntimeException error : new RuntimeException[] {
            new RedisConnectionException("Connection refused"),
            new RedisCommandTimeoutException("Command timed out after 2 second(s)"),
            new RedisException("Currently not connected. Commands are rejected."),
            new RedisCommandExecutionException("LOADING Redis is loading the dataset in memory"),
            new RedisCommandExecutionException("CLUSTERDOWN The cluster is down")
        }) {
            RuntimeException translated = RedisFailures.translate(new CompletionException(error));

            assertThat(translated)
                    .isInstanceOf(ServiceUnavailableException.class)
                    .hasCause(error);
            assertThat(((ServiceUnavailableException) translated).service()).isEqualTo("redis");
        }
    }

    @Test
    void aWrongCommandIsABugNotAnOutage() {
        RedisCommandExecutionException wrong = new RedisCommandExecutionException("ERR Error running script");

        assertThat(RedisFailures.translate(wrong)).isSameAs(wrong);
    }

    @Test
    void aTranslatedFutureFailsWithTheOutageItself() {
        CompletableFuture<String> failed = CompletableFuture.failedFuture(new RedisConnectionException("refused"));

        assertThat(RedisFailures.translated(failed))
                .failsWithin(Duration.ofSeconds(1))
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ServiceUnavailableException.class);
    }
}
