import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Box from '@material-ui/core/Box';
import { ReactNode } from 'react';

/** The windows PRODUCT.md names; 90 days is the default. */
export const WINDOW_CHOICES = [30, 90, 180];

/** Picks the window the metrics cover. */
export function WindowPicker(props: {
  windowDays: number;
  onChange: (windowDays: number) => void;
}) {
  return (
    <FormControl variant="outlined" size="small">
      <InputLabel id="quality-window-label">Window</InputLabel>
      <Select
        labelId="quality-window-label"
        name="window"
        label="Window"
        value={props.windowDays}
        onChange={event => props.onChange(Number(event.target.value))}
      >
        {WINDOW_CHOICES.map(days => (
          <MenuItem key={days} value={days}>
            Last {days} days
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/** A tab's first row: what it covers on the left, the window picker on the right. */
export function WindowBar(props: {
  windowDays: number;
  onChange: (windowDays: number) => void;
  children: ReactNode;
}) {
  return (
    <Box
      display="flex"
      alignItems="center"
      justifyContent="space-between"
      flexWrap="wrap"
      style={{ gap: 16 }}
    >
      {props.children}
      <WindowPicker windowDays={props.windowDays} onChange={props.onChange} />
    </Box>
  );
}
