import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';

/** A load that failed: the backend's message, and a way to try again. */
export function LoadError(props: {
  error: Error;
  title: string;
  onRetry?: () => void;
}) {
  return (
    <Box>
      <ResponseErrorPanel error={props.error} title={props.title} />
      {props.onRetry && (
        <Box mt={2}>
          <Button variant="outlined" color="primary" onClick={props.onRetry}>
            Retry
          </Button>
        </Box>
      )}
    </Box>
  );
}
