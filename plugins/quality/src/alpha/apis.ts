import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { qualityApiRef, QualityClient } from '../api';

/** The quality API for the new frontend system. */
export const qualityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: qualityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new QualityClient({ discoveryApi, fetchApi }),
    }),
});
