/**
 * Quality Pulse provider for ClickUp bugs.
 *
 * @packageDocumentation
 */
export { qualityModuleClickUp as default } from './module';
export {
  CLICKUP_INSTANCE_ANNOTATION,
  CLICKUP_LIST_ID_ANNOTATION,
} from './ClickUpQualityProvider';
