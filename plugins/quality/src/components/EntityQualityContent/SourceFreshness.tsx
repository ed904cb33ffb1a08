import Typography from '@material-ui/core/Typography';
import { SourceFreshness as Freshness } from '@quality-pulse/plugin-quality-common';
import { DateTime } from 'luxon';

/** "jira-cloud: synced 5 minutes ago" per source, with its latest error in the error colour. */
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
          {source.lastError && (
            <Typography component="span" variant="body2" color="error">
              {' '}
              (last error: {source.lastError})
            </Typography>
          )}
        </span>
      ))}
    </Typography>
  );
}
