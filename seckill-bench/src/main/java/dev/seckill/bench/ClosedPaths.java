package dev.seckill.bench;

/**
 * The closed model's paths after the accept path.
 *
 * @param acceptCpu the server's CPU time during the accept path (null: not measured, e.g. with --url)
 */
record ClosedPaths(LoadResult repeat, LoadResult soldOut, ProcessCpu acceptCpu) {}
