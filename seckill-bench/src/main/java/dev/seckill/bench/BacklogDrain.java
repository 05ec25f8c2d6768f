package dev.seckill.bench;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The backlog rounds of one run.
 *
 * @param orders  the orders of each backlog
 * @param warmUps the rounds that warmed the drain server up, not counted
 * @param rounds  the measured rounds (empty when a warm-up did not finish)
 */
record BacklogDrain(long orders, List<Backlog> warmUps, List<Backlog> rounds) {

    BacklogDrain {
        warmUps = List.copyOf(warmUps);
        rounds = List.copyOf(rounds);
    }

    /** Every round, warm-ups included, recorded all its orders. */
    boolean finished() {
        return !rounds.isEmpty()
                && Stream.concat(warmUps.stream(), rounds.stream()).allMatch(Backlog::finished);
    }

    /** The measured round with the median steady rate (the lower middle one of an even count); null unless finished. */
    Backlog median() {
        if (!finished()) {
            return null;
        }
        List<Backlog> byRate = rounds.stream()
                .sorted(Comparator.comparingDouble(Backlog::perSecondSteady))
                .toList();
        return byRate.get((byRate.size() - 1) / 2);
    }
}
