import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ExternalLink } from '../ExternalLink';
import Checkbox from '@material-ui/core/Checkbox';
import Typography from '@material-ui/core/Typography';
import { PostmortemAction } from '@quality-pulse/plugin-quality-common';
import { qualityApiRef } from '../../api';
import { formatDay } from './sections';

/** "due 20 Nov 2026 (overdue)" */
export function DueDate(props: { action: PostmortemAction }) {
  const { due, overdue } = props.action;
  if (!due) return <>no due date</>;
  const text = `due ${formatDay(due)}`;
  return overdue ? (
    <Typography component="span" variant="inherit" color="error">
      {text} (overdue)
    </Typography>
  ) : (
    <>{text}</>
  );
}

/**
 * A post-mortem's action items: tick one off when the change has landed.
 * Dropped actions stay listed, struck through, so the decision is visible.
 */
export function ActionList(props: {
  actions: PostmortemAction[];
  onChange: () => void;
}) {
  const api = useApi(qualityApiRef);
  if (props.actions.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No action items
      </Typography>
    );
  }
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {props.actions.map(action => (
        <li
          key={action.id}
          style={{ display: 'flex', alignItems: 'flex-start' }}
        >
          <Checkbox
            size="small"
            style={{ padding: 2, marginRight: 4 }}
            checked={action.status === 'done'}
            disabled={action.status === 'dropped'}
            inputProps={{ 'aria-label': `Done: ${action.text}` }}
            onChange={async event => {
              await api.updateAction(action.id, {
                status: event.target.checked ? 'done' : 'open',
              });
              props.onChange();
            }}
          />
          {/* A div: it holds the owner's line, which a <p> may not. */}
          <Typography
            variant="body2"
            component="div"
            style={{
              textDecoration:
                action.status === 'dropped' ? 'line-through' : undefined,
            }}
          >
            {action.text}
            <Typography variant="caption" color="textSecondary" component="div">
              {action.owner ? (
                <EntityRefLink entityRef={action.owner} />
              ) : (
                'no owner'
              )}
              {' · '}
              <DueDate action={action} />
              {action.fixUrl && (
                <>
                  {' · '}
                  <ExternalLink url={action.fixUrl}>fix</ExternalLink>
                </>
              )}
              {action.vague && ' · vague: name a test, check or process change'}
            </Typography>
          </Typography>
        </li>
      ))}
    </ul>
  );
}
