import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { RatioText } from './RatioText';
import { QualityFigures } from '../qualityFigures';

function RateLine(props: {
  label: string;
  hint: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Box mb={2}>
      <Typography variant="overline" component="div">
        {props.label}
      </Typography>
      <Typography variant="h6" component="div" data-testid={props.testId}>
        {props.children}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {props.hint}
      </Typography>
    </Box>
  );
}

/** Coverage counts complete post-mortems; linked ones nobody assessed are named beside it. */
function coverageHint(linkedNotAssessed: number): string {
  const teacher =
    'Every escaped bug is a teacher: a no-blame root-cause note closes the loop.';
  return linkedNotAssessed > 0
    ? `${linkedNotAssessed} more linked, not assessed (the incident tool holds the text). ${teacher}`
    : teacher;
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
        testId="escaped-defect-rate"
        hint={`${caught} caught before release: every one of them is a bug no customer met.`}
      >
        <RatioText
          ratio={escaped}
          noun="new bugs"
          numerator={{
            title: 'Bugs that escaped to production',
            request: { list: 'escaped-bugs' },
          }}
          denominator={{
            title: 'Bugs reported in the window',
            request: { list: 'created-bugs' },
          }}
        />
      </RateLine>
      <RateLine
        label="Rework (DORA)"
        testId="rework-rate"
        hint="Deployments that exist only to fix something that escaped."
      >
        <RatioText
          ratio={summary.reworkRate}
          noun="deployments were fixes for escaped problems"
          numerator={{
            title: 'Remediation deployments',
            request: { list: 'remediation-deployments' },
          }}
          denominator={{
            title: 'Deployments in the window',
            request: { list: 'deployments' },
          }}
        />
      </RateLine>
      <RateLine
        label="Root-cause coverage"
        testId="root-cause-coverage"
        hint={coverageHint(summary.rootCauseCoverage.linkedNotAssessed)}
      >
        <RatioText
          ratio={summary.rootCauseCoverage}
          noun="escaped bugs and P0/P1 incidents have a complete post-mortem"
        />
      </RateLine>
    </InfoCard>
  );
}
