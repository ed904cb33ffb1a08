/**
 * SQL for a linearly interpolated percentile (PostgreSQL's percentile_cont)
 * that SQLite can run too: SQLite has no percentile aggregate, but both have
 * window functions. Expects a subquery with `value`, 0-based `rn` (rank by
 * value within the group) and `cnt` (group size) columns.
 *
 * For p = P/100 the position is (cnt-1)·P/100: integer division gives the lower
 * rank on both databases (COUNT and ROW_NUMBER are integers), the remainder the
 * weight of the next value.
 */
export function percentileContSql(percent: number): string {
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
    throw new Error(`percent must be an integer from 0 to 100, got ${percent}`);
  }
  const lower = `((cnt - 1) * ${percent} / 100)`;
  const weight = `(((cnt - 1) * ${percent}) % 100) / 100.0`;
  return (
    `SUM(CASE WHEN rn = ${lower} THEN value * (1 - ${weight}) ` +
    `WHEN rn = ${lower} + 1 THEN value * ${weight} ELSE 0 END)`
  );
}
