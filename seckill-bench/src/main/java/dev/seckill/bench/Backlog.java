package dev.seckill.bench;

/**
 * The drain of a backlog built while the DB was cut off.
 *
 * @param secondsFromRestore   from opening the gate to the last order in the DB
 * @param secondsSteady        from the last poll that saw no order of the backlog to the first that saw them all
 * @param perSecondSteady      the consumer's rate while writing (the headline drain rate)
 * @param compilingMs          the drain server's JIT compile time from opening the gate to the last order (null: unknown)
 */
record Backlog(
        long orders,
        long recorded,
        Double secondsFromRestore,
        Double secondsSteady,
        Double perSecondFromRestore,
        Double perSecondSteady,
        Long compilingMs) {

    boolean finished() {
        return perSecondSteady != null;
    }
}
