/**
 * Quality Pulse provider for Jira Cloud and Jira Data Center bugs.
 *
 * @packageDocumentation
 */
export { qualityModuleJira as default } from './module';
export {
  JIRA_COMPONENT_ANNOTATION,
  JIRA_INSTANCE_ANNOTATION,
  JIRA_LABEL_ANNOTATION,
  JIRA_PROJECT_KEY_ANNOTATION,
} from './JiraQualityProvider';
