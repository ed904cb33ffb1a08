/**
 * Quality Pulse provider for GitHub Issues bugs.
 *
 * @packageDocumentation
 */
export { qualityModuleGithub as default } from './module';
export {
  GITHUB_INSTANCE_ANNOTATION,
  GITHUB_PROJECT_SLUG_ANNOTATION,
} from './GithubQualityProvider';
