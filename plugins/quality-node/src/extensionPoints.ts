import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { AnyQualityProvider } from './source';

/** @public */
export interface QualityProvidersExtensionPoint {
  /** Providers that run their own sync, or sources declared for the engine to sync. */
  addProvider(...providers: AnyQualityProvider[]): void;
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
