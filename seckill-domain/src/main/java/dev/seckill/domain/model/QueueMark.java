package dev.seckill.domain.model;

import java.util.Map;

/** A place in the order queue, as the queue spells it (e.g. a partition's offset by name). */
public record QueueMark(Map<String, Long> positions) {

    /** Keeps its own copy of {@code positions}. */
    public QueueMark {
        positions = Map.copyOf(positions);
    }
}
