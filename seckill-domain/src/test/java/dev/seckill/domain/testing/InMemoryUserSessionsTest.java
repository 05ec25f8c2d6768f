package dev.seckill.domain.testing;

import dev.seckill.domain.port.out.UserSessions;
import java.time.Clock;

class InMemoryUserSessionsTest extends UserSessionsContract {

    private final InMemoryUserSessions sessions = new InMemoryUserSessions(Clock.systemUTC());

    @Override
    protected UserSessions sessions() {
        return sessions;
    }
}
