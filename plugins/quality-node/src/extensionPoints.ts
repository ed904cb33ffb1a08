import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { QualityProvider } from './provider';
import { AnyQualitySource } from './source';

/** @public */
export interface QualityProvidersExtensionPoint {
  /** Providers that run their own sync, or sources declared for the engine to sync. */
  addProvider(...providers: Array<QualityProvider | AnyQualitySource>): void;
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
