import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Ratio } from '@quality-pulse/plugin-quality-common';
import { formatRatio } from '../formatRatio';
import { QualityFigures } from '../qualityFigures';

function RateLine(props: {
  label: string;
  ratio: Ratio;
  noun: string;
  hint: string;
  testId: string;
}) {
  return (
    <Box mb={2}>
      <Typography variant="overline" component="div">
        {props.label}
      </Typography>
      <Typography variant="h6" component="div" data-testid={props.testId}>
        {formatRatio(props.ratio, props.noun)}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {props.hint}
      </Typography>
    </Box>
  );
}

/**
 * Escaped defect rate, rework rate and root-cause coverage, each with its
 * numerator and denominator. Bugs caught before release are named as the
 * good news they are: finding bugs is never the problem.
 */
export function QualityRatesCard({ summary }: { summary: QualityFigures }) {
  const escaped = summary.escapedDefectRate;
  const caught = escaped.denominator - escaped.numerator;
  return (
    <InfoCard
      title="Where bugs are found"
      subheader={`Last ${summary.window.days} days`}
    >
      <RateLine
        label="Escaped to production"
        ratio={escaped}
        noun="new bugs"
        testId="escaped-defect-rate"
        hint={`${caught} caught before release: every one of them is a bug no customer met.`}
      />
      <RateLine
        label="Rework (DORA)"
        ratio={summary.reworkRate}
        noun="deployments were fixes for escaped problems"
        testId="rework-rate"
        hint="Deployments that exist only to fix something that escaped."
      />
      <RateLine
        label="Root-cause coverage"
        ratio={summary.rootCauseCoverage}
        noun="escaped bugs and P0/P1 incidents have a post-mortem"
        testId="root-cause-coverage"
        hint="Every escaped bug is a teacher: a no-blame root-cause note closes the loop."
      />
    </InfoCard>
  );
}
