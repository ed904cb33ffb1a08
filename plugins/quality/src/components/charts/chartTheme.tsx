import { useTheme } from '@material-ui/core/styles';

/**
 * What every chart takes from the MUI theme: axis ticks, the tooltip's box and
 * legend text in the theme's colours, so charts read on light and dark alike.
 * Series colours mark the swatch; the legend's text stays in the text colour.
 */
export function useChartTheme(tickSize = 12) {
  const theme = useTheme();
  return {
    theme,
    axis: { fill: theme.palette.text.secondary, fontSize: tickSize },
    tooltipStyle: {
      background: theme.palette.background.paper,
      border: `1px solid ${theme.palette.divider}`,
      color: theme.palette.text.primary,
    },
    legendText: (label: string) => (
      <span style={{ color: theme.palette.text.primary }}>{label}</span>
    ),
  };
}
