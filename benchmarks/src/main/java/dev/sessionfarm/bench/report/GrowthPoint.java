package dev.sessionfarm.bench.report;

/**
 * One store's throughput and bytes on the wire per operation at one session size and caller count.
 *
 * @param series       e.g. "PostgreSQL: ours"
 * @param sessionBytes the session's attribute bytes (2 KB, 20 KB, 200 KB)
 */
public record GrowthPoint(String series, int sessionBytes, int callers, double opsPerSecond, double bytesPerOperation)
{
}
