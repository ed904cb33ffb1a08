import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  isSeverity,
  QUALITY_ITEM_LISTS,
  QualityItemListName,
  Severity,
} from '@quality-pulse/plugin-quality-common';
import { ItemListRequest } from '../metrics/itemLists';
import { TimeWindow } from '../metrics/window';

const KIND_PATTERN = /^[a-zA-Z][a-zA-Z0-9]*$/;

/** Reads `{kind}/{namespace}/{name}` path parameters into a canonical entity ref, or explains which part is wrong. */
export function entityRefFromPath(params: {
  kind: string;
  namespace: string;
  name: string;
}): string {
  const { kind, namespace, name } = params;
  if (!KIND_PATTERN.test(kind) || kind.length > 63) {
    throw new InputError(`kind "${kind}" is not a valid entity kind`);
  }
  if (!KubernetesValidatorFunctions.isValidNamespace(namespace)) {
    throw new InputError(
      `namespace "${namespace}" is not a valid entity namespace`,
    );
  }
  if (!KubernetesValidatorFunctions.isValidObjectName(name)) {
    throw new InputError(`name "${name}" is not a valid entity name`);
  }
  return `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
}

const DEFAULT_ITEM_PAGE = 50;

/**
 * Reads `list`, `severity` (comma-separated), `limit` and `offset` of an items
 * request. The OpenAPI layer has checked types and ranges; the names are
 * checked here too so a message can list what is allowed.
 */
export function itemListQuery(
  query: Record<string, unknown>,
  window: TimeWindow,
): ItemListRequest {
  const list = String(query.list);
  if (!(QUALITY_ITEM_LISTS as readonly string[]).includes(list)) {
    throw new InputError(
      `list must be one of ${QUALITY_ITEM_LISTS.join(', ')}; got "${list}"`,
    );
  }
  let severities: Severity[] | undefined;
  if (query.severity !== undefined) {
    const parts = String(query.severity).split(',');
    const unknown = parts.filter(part => !isSeverity(part));
    if (unknown.length > 0 || parts.length === 0) {
      throw new InputError(
        `severity must be a comma-separated list of P0, P1, P2, P3, P4, unclassified; got "${query.severity}"`,
      );
    }
    severities = parts as Severity[];
  }
  return {
    list: list as QualityItemListName,
    window,
    severities,
    limit: query.limit === undefined ? DEFAULT_ITEM_PAGE : Number(query.limit),
    offset: query.offset === undefined ? 0 : Number(query.offset),
  };
}
