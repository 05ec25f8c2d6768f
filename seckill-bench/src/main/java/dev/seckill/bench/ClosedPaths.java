package dev.seckill.bench;

/**
 * The closed model's paths after the accept path.
 *
 * @param acceptCost what the accept path's orders cost (null: not measured, e.g. with --url or two servers)
 */
record ClosedPaths(LoadResult repeat, LoadResult soldOut, AcceptCost acceptCost) {}
