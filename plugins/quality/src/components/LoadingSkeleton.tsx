import Grid from '@material-ui/core/Grid';
import Skeleton from '@material-ui/lab/Skeleton';

/**
 * The shape of a Quality view while its data loads: card-sized blocks where
 * the cards will be, so the page does not jump when they arrive.
 */
export function LoadingSkeleton(props: { cards?: number[] }) {
  const cards = props.cards ?? [7, 5, 12, 7, 5];
  return (
    <Grid
      container
      spacing={3}
      role="progressbar"
      aria-busy="true"
      aria-label="Loading quality data"
    >
      {cards.map((md, i) => (
        <Grid item xs={12} md={md as 5 | 7 | 12} key={i}>
          <Skeleton variant="rect" height={i === 2 ? 320 : 240} />
        </Grid>
      ))}
    </Grid>
  );
}
