import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { qualityApiRef } from '../../api';

/**
 * Pastes a link to a post-mortem that lives elsewhere (a wiki page, a doc).
 * A Markdown document the backend can read is assessed like the annotated
 * ones; the backend's message is shown as is when the link is refused.
 */
export function LinkPostmortemDialog(props: {
  open: boolean;
  entity: CompoundEntityRef;
  onClose: (linked: boolean) => void;
}) {
  const api = useApi(qualityApiRef);
  const [url, setUrl] = useState('');
  const [title, setTitle] = useState('');
  const [publishedAt, setPublishedAt] = useState('');
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      await api.linkPostmortem(props.entity, {
        url: url.trim(),
        title: title.trim() || undefined,
        publishedAt: publishedAt || undefined,
      });
      setUrl('');
      setTitle('');
      setPublishedAt('');
      props.onClose(true);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      open={props.open}
      onClose={() => props.onClose(false)}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle>Link a post-mortem</DialogTitle>
      <DialogContent>
        <TextField
          label="Link"
          placeholder="https://…"
          value={url}
          onChange={e => setUrl(e.target.value)}
          fullWidth
          required
          margin="dense"
        />
        <TextField
          label="Title"
          value={title}
          onChange={e => setTitle(e.target.value)}
          fullWidth
          margin="dense"
        />
        <TextField
          label="Published on"
          type="date"
          value={publishedAt}
          onChange={e => setPublishedAt(e.target.value)}
          InputLabelProps={{ shrink: true }}
          margin="dense"
        />
        {error && (
          <Typography color="error" variant="body2" role="alert">
            {error}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => props.onClose(false)}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={!url.trim() || saving}
          onClick={save}
        >
          Link
        </Button>
      </DialogActions>
    </Dialog>
  );
}
