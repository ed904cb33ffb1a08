import { makeStyles } from '@material-ui/core/styles';
import CheckCircleOutline from '@material-ui/icons/CheckCircleOutline';
import ErrorOutline from '@material-ui/icons/ErrorOutline';
import HelpOutline from '@material-ui/icons/HelpOutline';
import ReportProblemOutlined from '@material-ui/icons/ReportProblemOutlined';
import { ScorecardCheckStatus } from '@quality-pulse/plugin-quality-common';

export const STATUS_LABEL: Record<ScorecardCheckStatus, string> = {
  pass: 'Passes',
  warn: 'Warning',
  fail: 'Fails',
  unknown: 'Cannot tell',
};

const useStyles = makeStyles(theme => ({
  pass: { color: theme.palette.success.main },
  warn: { color: theme.palette.warning.main },
  fail: { color: theme.palette.error.main },
  unknown: { color: theme.palette.text.secondary },
}));

/** The status as an icon with its word for assistive tech; colour is never the only cue. */
export function CheckStatusIcon(props: { status: ScorecardCheckStatus }) {
  const classes = useStyles();
  const Icon = {
    pass: CheckCircleOutline,
    warn: ReportProblemOutlined,
    fail: ErrorOutline,
    unknown: HelpOutline,
  }[props.status];
  return (
    <Icon
      fontSize="small"
      className={classes[props.status]}
      titleAccess={STATUS_LABEL[props.status]}
      data-status={props.status}
    />
  );
}
