import { useApi } from '@backstage/core-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { useEffect } from 'react';
import useAsync from 'react-use/esm/useAsync';

export const ALL_SYSTEMS = 'all';

const ownersOf = (entities: Entity[]) =>
  entities.flatMap(entity =>
    (entity.relations ?? [])
      .filter(relation => relation.type === RELATION_OWNED_BY)
      .map(relation => relation.targetRef),
  );

/**
 * Picks a system of the catalog and reports the groups that own it or any of
 * its components, so the overview can show the part of the org that builds it.
 */
export function SystemFilter(props: {
  system: string;
  onSystemChange: (systemRef: string) => void;
  onOwnersChange: (groupRefs: Set<string> | undefined) => void;
}) {
  const { system, onSystemChange, onOwnersChange } = props;
  const catalogApi = useApi(catalogApiRef);
  const systems = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'system' },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
    });
    return items.sort((a, b) =>
      (a.metadata.title ?? a.metadata.name).localeCompare(
        b.metadata.title ?? b.metadata.name,
      ),
    );
  }, [catalogApi]);

  useEffect(() => {
    if (system === ALL_SYSTEMS) {
      onOwnersChange(undefined);
      return undefined;
    }
    let cancelled = false;
    (async () => {
      const [owned, parts] = await Promise.all([
        catalogApi.getEntityByRef(system),
        catalogApi.getEntities({
          filter: { kind: 'component', 'relations.partOf': system },
          fields: ['relations'],
        }),
      ]);
      if (!cancelled) {
        onOwnersChange(
          new Set(ownersOf([...(owned ? [owned] : []), ...parts.items])),
        );
      }
    })().catch(() => !cancelled && onOwnersChange(new Set()));
    return () => {
      cancelled = true;
    };
  }, [catalogApi, system, onOwnersChange]);

  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 180 }}>
      <InputLabel id="quality-system-filter-label">System</InputLabel>
      <Select
        labelId="quality-system-filter-label"
        name="system"
        label="System"
        value={system}
        onChange={event => onSystemChange(String(event.target.value))}
      >
        <MenuItem value={ALL_SYSTEMS}>All systems</MenuItem>
        {(systems.value ?? []).map(entity => {
          const ref = stringifyEntityRef(entity);
          return (
            <MenuItem key={ref} value={ref}>
              {entity.metadata.title ?? entity.metadata.name}
            </MenuItem>
          );
        })}
      </Select>
    </FormControl>
  );
}
