import Typography from '@material-ui/core/Typography';
import { SourceFreshness as Freshness } from '@quality-pulse/plugin-quality-common';
import { DateTime } from 'luxon';

/** "demo: synced 5 minutes ago" per source, with the latest error when there is one. */
export function SourceFreshness({ sources }: { sources: Freshness[] }) {
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      data-testid="source-freshness"
    >
      {sources.map((source, index) => (
        <span key={source.providerId}>
          {index > 0 && ' · '}
          {source.providerId}:{' '}
          {source.lastSucceededAt
            ? `synced ${DateTime.fromISO(source.lastSucceededAt).toRelative()}`
            : 'not synced yet'}
          {source.lastError && ` (last error: ${source.lastError})`}
        </span>
      ))}
    </Typography>
  );
}
