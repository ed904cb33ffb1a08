import { Entity, stringifyEntityRef } from '@backstage/catalog-model';

/** A component as scorecard filters see it. */
export interface ScoredComponent {
  ref: string;
  type?: string;
  lifecycle?: string;
  tags: string[];
}

function lowerCase(value: unknown): string | undefined {
  return typeof value === 'string'
    ? value.toLocaleLowerCase('en-US')
    : undefined;
}

/** A catalog entity as check filters match it. */
export function scoredComponent(entity: Entity): ScoredComponent {
  const spec = (entity.spec ?? {}) as { type?: unknown; lifecycle?: unknown };
  return {
    ref: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
    type: lowerCase(spec.type),
    lifecycle: lowerCase(spec.lifecycle),
    tags: (entity.metadata.tags ?? []).map(tag =>
      tag.toLocaleLowerCase('en-US'),
    ),
  };
}
