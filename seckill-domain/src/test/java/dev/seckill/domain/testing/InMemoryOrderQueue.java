package dev.seckill.domain.testing;

import dev.seckill.domain.model.QueueMark;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.out.OrderQueue;
import java.util.Map;

/** The queue behind {@link InMemoryOrderPublisher}: the test says how far the consumers have come. */
public final class InMemoryOrderQueue implements OrderQueue {

    private static final String PUBLISHED = "published";

    private final InMemoryOrderPublisher publisher;
    private volatile long finished;

    public InMemoryOrderQueue(InMemoryOrderPublisher publisher) {
        this.publisher = publisher;
    }

    /** The consumers have finished every order published so far. */
    public void finishAll() {
        finished = publisher.published().size();
    }

    @Override
    public QueueMark mark(VoucherId voucherId) {
        return new QueueMark(Map.of(PUBLISHED, (long) publisher.published().size()));
    }

    @Override
    public boolean finishedUpTo(QueueMark mark) {
        return finished >= mark.positions().get(PUBLISHED);
    }
}
