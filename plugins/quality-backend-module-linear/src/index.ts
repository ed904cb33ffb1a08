/**
 * Quality Pulse provider for Linear bugs.
 *
 * @packageDocumentation
 */
export { qualityModuleLinear as default } from './module';
export {
  LINEAR_INSTANCE_ANNOTATION,
  LINEAR_LABEL_ANNOTATION,
  LINEAR_PROJECT_ID_ANNOTATION,
  LINEAR_TEAM_KEY_ANNOTATION,
} from './LinearQualityProvider';
