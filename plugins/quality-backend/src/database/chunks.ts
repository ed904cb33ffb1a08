/**
 * Rows per statement: 500 × the widest row (12 columns) stays well under
 * SQLite's bound-parameter limit (32,766); on PostgreSQL each chunk is a round
 * trip, and 500 rather than 200 raised ingest from 4,900 to 7,300 bugs/s
 * (docs/benchmarks.md, issue 9).
 */
export const CHUNK_SIZE = 500;

/** Splits rows into statements of at most CHUNK_SIZE. */
export function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK_SIZE) {
    result.push(items.slice(i, i + CHUNK_SIZE));
  }
  return result;
}
