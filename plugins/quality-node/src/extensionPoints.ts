import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { QualityProvider } from './provider';

/** @public */
export interface QualityProvidersExtensionPoint {
  addProvider(...providers: QualityProvider[]): void;
}

/**
 * Backend modules of the `quality` plugin register their data sources here.
 *
 * @public
 */
export const qualityProvidersExtensionPoint =
  createExtensionPoint<QualityProvidersExtensionPoint>({
    id: 'quality.providers',
  });
