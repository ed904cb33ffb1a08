import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { InitiativeProgress } from '@quality-pulse/plugin-quality-common';
import { STATE_LABELS } from './initiativeFormat';

const useStyles = makeStyles(theme => ({
  'on-track': {
    borderColor: theme.palette.success.main,
    color: theme.palette.success.main,
  },
  reached: {
    background: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  behind: {
    borderColor: theme.palette.error.main,
    color: theme.palette.error.main,
  },
  'too-little-data': { color: theme.palette.text.secondary },
  'not-started': { color: theme.palette.text.secondary },
}));

/** A group's state on an initiative, in words (colour only repeats them). */
export function InitiativeStateChip(props: {
  state: InitiativeProgress['state'];
}) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      variant={props.state === 'reached' ? 'default' : 'outlined'}
      className={classes[props.state]}
      label={STATE_LABELS[props.state]}
      data-testid="initiative-state"
    />
  );
}
