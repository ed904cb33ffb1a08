import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { ExternalLink } from '../ExternalLink';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { QualityItem } from '@quality-pulse/plugin-quality-common';
import { DateTime } from 'luxon';
import { useCallback, useEffect, useState } from 'react';
import { qualityApiRef, QualityItemsRequest } from '../../api';
import { formatDuration } from '../formatDuration';
import { fetchItems, useQualityItemsScope } from './QualityItemsScope';

const PAGE_SIZE = 50;

/** The items behind a number, newest first, each linking into its tracker. */
export function ItemsDialog(props: {
  title: string;
  request: Omit<QualityItemsRequest, 'limit' | 'offset'>;
  onClose: () => void;
}) {
  const { title, request, onClose } = props;
  const api = useApi(qualityApiRef);
  const scope = useQualityItemsScope()!;
  const [items, setItems] = useState<QualityItem[]>([]);
  const [total, setTotal] = useState<number | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [loading, setLoading] = useState(false);

  // The dialog lives for one list: what it was opened with stays fixed.
  const [opened] = useState(() => ({ scope, request }));
  const load = useCallback(
    async (offset: number) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await fetchItems(api, opened.scope, {
          ...opened.request,
          limit: PAGE_SIZE,
          offset,
        });
        setItems(previous =>
          offset === 0 ? page.items : [...previous, ...page.items],
        );
        setTotal(page.total);
      } catch (e) {
        setError(e as Error);
      } finally {
        setLoading(false);
      }
    },
    [api, opened],
  );
  useEffect(() => {
    load(0);
  }, [load]);

  const showService = scope.owner.kind === 'group';
  const showDuration = request.list === 'resolved-incidents';
  return (
    <Dialog
      open
      onClose={onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="quality-items-title"
    >
      <DialogTitle id="quality-items-title">{title}</DialogTitle>
      <DialogContent dividers>
        {error && (
          <ResponseErrorPanel error={error} title="Could not load the items" />
        )}
        {total === 0 && (
          <Typography color="textSecondary">Nothing in this list.</Typography>
        )}
        {items.length > 0 && (
          <Table size="small" aria-label={title}>
            <TableHead>
              <TableRow>
                <TableCell>Item</TableCell>
                <TableCell>Severity</TableCell>
                {showService && <TableCell>Service</TableCell>}
                <TableCell>{dateHeading(request.list)}</TableCell>
                {showDuration && (
                  <TableCell align="right">Time to restore</TableCell>
                )}
                <TableCell>Source</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map(item => (
                <TableRow key={`${item.source}/${item.externalId}`}>
                  <TableCell>
                    <ExternalLink url={item.url}>{item.title}</ExternalLink>
                    {item.kind === 'bug' && item.flagged && (
                      <Typography variant="caption" color="textSecondary">
                        {' '}
                        · escaped
                      </Typography>
                    )}
                    {item.kind === 'deployment' && item.flagged && (
                      <Typography variant="caption" color="textSecondary">
                        {' '}
                        · remediation
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>{item.severity ?? '—'}</TableCell>
                  {showService && (
                    <TableCell>{parseEntityRef(item.entityRef).name}</TableCell>
                  )}
                  <TableCell>
                    {DateTime.fromISO(item.at).toLocaleString(
                      DateTime.DATETIME_MED,
                    )}
                  </TableCell>
                  {showDuration && (
                    <TableCell align="right">
                      {formatDuration(item.durationMs)}
                    </TableCell>
                  )}
                  <TableCell>{item.source}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {loading && <Progress />}
      </DialogContent>
      <DialogActions>
        <Box flex={1} pl={2}>
          {total !== undefined && total > 0 && (
            <Typography
              variant="body2"
              color="textSecondary"
              data-testid="items-count"
            >
              Showing {items.length} of {total}
            </Typography>
          )}
        </Box>
        {total !== undefined && items.length < total && (
          <Button disabled={loading} onClick={() => load(items.length)}>
            Show more
          </Button>
        )}
        <Button color="primary" onClick={onClose}>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function dateHeading(list: QualityItemsRequest['list']) {
  if (list === 'resolved-incidents') return 'Resolved';
  if (list === 'deployments' || list === 'remediation-deployments')
    return 'Deployed';
  return 'Reported';
}
