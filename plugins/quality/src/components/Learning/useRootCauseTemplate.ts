import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

/** The template quality-backend ships (templates/root-cause-document). */
export const ROOT_CAUSE_TEMPLATE = {
  namespace: 'default',
  name: 'root-cause-document',
};

/** Where the root-cause document template stands in this portal's catalog. */
export type RootCauseTemplate =
  | { state: 'loading' }
  /** Not registered: the card says how to add it. */
  | { state: 'missing' }
  /** The scaffolder link with the service filled in. */
  | { state: 'registered'; link: string };

/**
 * Looks the template up with a filtered list, which answers an empty list
 * when it is not registered: a lookup by ref would fail a request (a 404 in
 * every fresh app's console) on every Quality tab.
 */
export function useRootCauseTemplate(
  entity: CompoundEntityRef,
): RootCauseTemplate {
  const catalogApi = useApi(catalogApiRef);
  const { value, loading } = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: {
        kind: 'Template',
        'metadata.namespace': ROOT_CAUSE_TEMPLATE.namespace,
        'metadata.name': ROOT_CAUSE_TEMPLATE.name,
      },
      fields: ['metadata.name'],
    });
    return items.length > 0;
  }, [catalogApi]);
  if (loading) return { state: 'loading' };
  if (!value) return { state: 'missing' };
  const formData = JSON.stringify({
    component: stringifyEntityRef(entity),
  });
  return {
    state: 'registered',
    link: `/create/templates/${ROOT_CAUSE_TEMPLATE.namespace}/${
      ROOT_CAUSE_TEMPLATE.name
    }?formData=${encodeURIComponent(formData)}`,
  };
}
