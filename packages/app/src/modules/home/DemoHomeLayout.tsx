import { Content } from '@backstage/core-components';
import {
  HomePageLayoutProps,
  HomePageWidgetData,
} from '@backstage/plugin-home-react/alpha';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';

/** Across the top of the page. */
const TOP = ['HomePageSearchBar'];
/** The wide column, in reading order: the squads' quality first. */
const MAIN = ['MySquadsQuality', 'GettingStarted'];

function Column(props: { widgets: HomePageWidgetData[] }) {
  return (
    <Box display="flex" flexDirection="column" gridGap={24}>
      {props.widgets.map((widget, index) => (
        <Box key={widget.name ?? index}>{widget.component}</Box>
      ))}
    </Box>
  );
}

/**
 * The demo portal's home: the search bar, then two columns that each flow
 * from the top, the squads' quality and getting started in the wide one and
 * every other card in the narrow one, one column on narrow screens. The
 * default grid places cards by position, and where its columns are fewer than
 * the positions assume (1,440 px) it pushes them down into a staircase.
 */
export function DemoHomeLayout(props: HomePageLayoutProps) {
  const named = (names: string[]) =>
    names.flatMap(name => props.widgets.filter(w => w.name === name));
  const side = props.widgets.filter(
    w => !TOP.includes(w.name ?? '') && !MAIN.includes(w.name ?? ''),
  );
  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <Column widgets={named(TOP)} />
        </Grid>
        <Grid item xs={12} lg={8}>
          <Column widgets={named(MAIN)} />
        </Grid>
        <Grid item xs={12} lg={4}>
          <Column widgets={side} />
        </Grid>
      </Grid>
    </Content>
  );
}
