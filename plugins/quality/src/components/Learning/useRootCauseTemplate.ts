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

/**
 * The scaffolder link that opens the root-cause document template with the
 * service filled in, or undefined while the catalog holds no such template
 * (an installation that has not registered it shows no dead button).
 */
export function useRootCauseTemplateLink(
  entity: CompoundEntityRef,
): string | undefined {
  const catalogApi = useApi(catalogApiRef);
  const { value } = useAsync(async () => {
    const template = await catalogApi.getEntityByRef({
      kind: 'Template',
      ...ROOT_CAUSE_TEMPLATE,
    });
    return template !== undefined;
  }, [catalogApi]);
  if (!value) return undefined;
  const formData = JSON.stringify({
    component: stringifyEntityRef(entity),
  });
  return `/create/templates/${ROOT_CAUSE_TEMPLATE.namespace}/${
    ROOT_CAUSE_TEMPLATE.name
  }?formData=${encodeURIComponent(formData)}`;
}
