import { CodeSnippet, EmptyState } from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  BUG_TRACKER_ANNOTATIONS,
  INCIDENT_TOOL_ANNOTATIONS,
} from '@quality-pulse/plugin-quality-common';

/**
 * Shown instead of metrics when the entity names no bug tracker or incident
 * tool. Any one annotation is enough, which the catalog's generic
 * "missing annotation" panel does not say, so this one does.
 */
export function QualityNotConfigured({ entity }: { entity: Entity }) {
  const example = `apiVersion: backstage.io/v1alpha1
kind: ${entity.kind}
metadata:
  name: ${entity.metadata.name}
  annotations:
    # where the bugs live (any one tracker)
    jira/project-key: PAY
    # where the incidents live (any one tool)
    pagerduty.com/service-id: P1A2B3C`;
  return (
    <EmptyState
      missing="field"
      title="Quality data is not configured for this component"
      description="Add at least one annotation to its catalog-info.yaml that says where its bugs or incidents live. The data appears here after the next sync."
      action={
        <Box>
          <Typography variant="body2">
            Bug trackers: <code>{BUG_TRACKER_ANNOTATIONS.join(', ')}</code>
          </Typography>
          <Typography variant="body2" paragraph>
            Incident tools: <code>{INCIDENT_TOOL_ANNOTATIONS.join(', ')}</code>
          </Typography>
          <CodeSnippet language="yaml" text={example} showLineNumbers />
        </Box>
      }
    />
  );
}
