import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ScoredComponent, scoredComponent } from './scoredComponent';

/** A catalog Group as the org views need it. */
export interface OrgGroup {
  ref: string;
  name: string;
  title: string;
  type: string;
  parentRef?: string;
  childRefs: string[];
  annotations: Record<string, string>;
  /** Components whose spec.owner is this group (not its children's). */
  ownedEntityRefs: string[];
  /** Why the group is not where its spec.parent puts it (a cycle of parents). */
  warning?: string;
}

/**
 * The groups and the component ownership one caller can see. Squads are the
 * owners in `spec.owner`; `spec.parent` gives the tree (PRODUCT.md, "Entities
 * and ownership"). Reading with the caller's credentials is what makes every
 * rollup respect catalog visibility.
 */
export class Organisation {
  private readonly entitiesByGroup = new Map<string, string[]>();
  private ownerByEntity?: Map<string, OrgGroup>;

  private constructor(
    readonly groups: Map<string, OrgGroup>,
    /** Type, lifecycle and tags of each component, for the filters of initiatives. */
    private readonly componentFacts: Map<string, ScoredComponent>,
  ) {}

  static async load(
    catalog: CatalogService,
    credentials: BackstageCredentials,
  ): Promise<Organisation> {
    const { groups, components } = await readOrgEntities(catalog, credentials);
    return Organisation.fromEntities(groups, components);
  }

  static fromEntities(
    groupEntities: Entity[],
    components: Entity[],
  ): Organisation {
    const groups = new Map<string, OrgGroup>();
    for (const entity of groupEntities) {
      const ref = canonicalRef(entity);
      const spec = (entity.spec ?? {}) as {
        type?: string;
        parent?: string;
        profile?: { displayName?: string };
      };
      groups.set(ref, {
        ref,
        name: entity.metadata.name,
        title:
          entity.metadata.title ??
          spec.profile?.displayName ??
          entity.metadata.name,
        type: spec.type ?? 'team',
        parentRef: spec.parent ? groupRefOf(spec.parent, entity) : undefined,
        childRefs: [],
        annotations: entity.metadata.annotations ?? {},
        ownedEntityRefs: [],
      });
    }
    for (const group of groups.values()) {
      const parent = group.parentRef ? groups.get(group.parentRef) : undefined;
      if (parent) {
        parent.childRefs.push(group.ref);
      } else {
        group.parentRef = undefined; // a parent the caller cannot see makes this a root
      }
    }
    breakParentCycles(groups);
    const facts = new Map<string, ScoredComponent>();
    for (const component of components) {
      facts.set(canonicalRef(component), scoredComponent(component));
      const owner = (component.spec as { owner?: string } | undefined)?.owner;
      const group = owner
        ? groups.get(groupRefOf(owner, component))
        : undefined;
      group?.ownedEntityRefs.push(canonicalRef(component));
    }
    for (const group of groups.values()) {
      group.childRefs.sort();
      group.ownedEntityRefs.sort();
    }
    return new Organisation(groups, facts);
  }

  get(groupRef: string): OrgGroup | undefined {
    return this.groups.get(groupRef);
  }

  /** The group that owns `entityRef` directly (its spec.owner), when the caller sees it. */
  ownerOf(entityRef: string): OrgGroup | undefined {
    if (!this.ownerByEntity) {
      this.ownerByEntity = new Map();
      for (const group of this.groups.values()) {
        group.ownedEntityRefs.forEach(ref =>
          this.ownerByEntity!.set(ref, group),
        );
      }
    }
    return this.ownerByEntity.get(entityRef);
  }

  /** Just `groupRef` and the groups under it, with `groupRef` as the root: what one squad's figures read. */
  subtree(groupRef: string): Organisation {
    const groups = new Map<string, OrgGroup>();
    const visit = (ref: string) => {
      const group = this.groups.get(ref);
      if (!group || groups.has(ref)) return;
      groups.set(
        ref,
        ref === groupRef ? { ...group, parentRef: undefined } : group,
      );
      group.childRefs.forEach(visit);
    };
    visit(groupRef);
    return new Organisation(groups, this.componentFacts);
  }

  /**
   * Only the groups `keepRefs`, everything under them, and the groups between
   * them and the roots, which then own no components of their own: an
   * initiative over some departments or squads. Unknown refs are ignored.
   */
  narrowedTo(keepRefs: string[]): Organisation {
    const inside = new Set<string>();
    const visit = (ref: string) => {
      const group = this.groups.get(ref);
      if (!group || inside.has(ref)) return;
      inside.add(ref);
      group.childRefs.forEach(visit);
    };
    keepRefs.forEach(visit);
    const between = new Set<string>();
    for (const ref of keepRefs) {
      let at = this.groups.get(ref)?.parentRef;
      while (at && this.groups.has(at) && !between.has(at)) {
        between.add(at);
        at = this.groups.get(at)!.parentRef;
      }
    }
    const groups = new Map<string, OrgGroup>();
    for (const [ref, group] of this.groups) {
      if (inside.has(ref)) {
        groups.set(ref, group);
      } else if (between.has(ref)) {
        groups.set(ref, {
          ...group,
          ownedEntityRefs: [],
          childRefs: group.childRefs.filter(
            child => inside.has(child) || between.has(child),
          ),
        });
      }
    }
    return new Organisation(groups, this.componentFacts);
  }

  /** Every component read, owned by a visible group or not, as filters match it. */
  components(): ScoredComponent[] {
    return [...this.componentFacts.values()];
  }

  /** The same tree owning only the components `keep` accepts: an initiative's services filter. */
  onlyComponents(keep: (component: ScoredComponent) => boolean): Organisation {
    const groups = new Map<string, OrgGroup>();
    for (const [ref, group] of this.groups) {
      groups.set(ref, {
        ...group,
        ownedEntityRefs: group.ownedEntityRefs.filter(entityRef => {
          const component = this.componentFacts.get(entityRef);
          return component !== undefined && keep(component);
        }),
      });
    }
    return new Organisation(groups, this.componentFacts);
  }

  /** Roughly how many bytes this view holds in memory, for caches bounded by size. */
  approximateBytes(): number {
    let chars = 0;
    for (const group of this.groups.values()) {
      chars += group.ref.length + group.name.length + group.title.length;
      chars += JSON.stringify(group.annotations).length;
      for (const ref of group.ownedEntityRefs) chars += ref.length + 16;
      chars += group.childRefs.length * 16 + 200;
    }
    for (const component of this.componentFacts.values()) {
      chars += component.ref.length * 2 + 100;
      chars +=
        (component.type?.length ?? 0) + (component.lifecycle?.length ?? 0);
      for (const tag of component.tags) chars += tag.length + 16;
    }
    // Strings are two bytes a character, plus object and map overhead.
    return chars * 2;
  }

  /** Groups without a (visible) parent, in name order. */
  roots(): OrgGroup[] {
    return [...this.groups.values()]
      .filter(g => !g.parentRef)
      .sort((a, b) => a.ref.localeCompare(b.ref));
  }

  /** Every component with a (visible) owning group: what the org-wide views cover. */
  allEntityRefs(): string[] {
    // Asked on every org request (the answer's version): computed once.
    this.allEntities ??= [
      ...new Set([...this.groups.values()].flatMap(g => g.ownedEntityRefs)),
    ].sort();
    return this.allEntities;
  }

  private allEntities?: string[];

  /** Everything a group sees: the components it owns and those of its child groups, recursively. */
  entitiesOf(groupRef: string): string[] {
    const known = this.entitiesByGroup.get(groupRef);
    if (known) {
      return known;
    }
    const result = new Set<string>();
    const visit = (ref: string, seen: Set<string>) => {
      const group = this.groups.get(ref);
      if (!group || seen.has(ref)) {
        return; // unknown, or a cycle in spec.parent
      }
      seen.add(ref);
      group.ownedEntityRefs.forEach(e => result.add(e));
      group.childRefs.forEach(child => visit(child, seen));
    };
    visit(groupRef, new Set());
    const entities = [...result].sort();
    // The org views ask for every group and its ancestors: walk each subtree once.
    this.entitiesByGroup.set(groupRef, entities);
    return entities;
  }
}

/**
 * Groups whose spec.parent chain loops (a → b → a) have no root above them,
 * so a tree walked from the roots would never show them — while their
 * components still count org-wide (issue 18). Each cycle is cut above its
 * first group by name, which is shown under the organisation root (the one
 * root of type organization, else as a root of its own) with a warning, so
 * every group appears once and everything it owns counts once.
 */
function breakParentCycles(groups: Map<string, OrgGroup>) {
  const roots = [...groups.values()].filter(g => !g.parentRef);
  const organisations = roots.filter(g => g.type === 'organization');
  const home = organisations.length === 1 ? organisations[0] : undefined;
  const placed = new Set<string>();
  const place = (ref: string) => {
    if (placed.has(ref)) return;
    placed.add(ref);
    groups.get(ref)?.childRefs.forEach(place);
  };
  roots.forEach(root => place(root.ref));
  for (const ref of [...groups.keys()].sort()) {
    if (placed.has(ref)) continue;
    // Follow the parents until one repeats: the loop from there is the cycle.
    const path: string[] = [];
    let at: string | undefined = ref;
    while (at && !path.includes(at)) {
      path.push(at);
      at = groups.get(at)?.parentRef;
    }
    const cycle = path.slice(path.indexOf(at!));
    const top = groups.get([...cycle].sort()[0])!;
    const parent = groups.get(top.parentRef!)!;
    parent.childRefs = parent.childRefs.filter(child => child !== top.ref);
    top.parentRef = home?.ref;
    home?.childRefs.push(top.ref);
    const chain = [...cycle, cycle[0]]
      .map(r => groups.get(r)!.name)
      .join(' → ');
    top.warning = `spec.parent forms a cycle (${chain}); shown under ${
      home ? home.title : 'the top of the tree'
    } until the catalog is fixed`;
    place(top.ref);
  }
}

function canonicalRef(entity: Entity): string {
  return stringifyEntityRef(entity).toLocaleLowerCase('en-US');
}

function groupRefOf(ref: string, context: Entity): string {
  return stringifyEntityRef(
    parseEntityRef(ref, {
      defaultKind: 'group',
      defaultNamespace: context.metadata.namespace ?? 'default',
    }),
  ).toLocaleLowerCase('en-US');
}

/** The fields of a group the org tree is built from. */
const GROUP_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.type',
  'spec.parent',
  'spec.profile.displayName',
];
/** The fields of a component: its owner, and what filters match on. */
const COMPONENT_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.tags',
  'spec.owner',
  'spec.type',
  'spec.lifecycle',
];

/** The groups and components as `credentials` see them, with what the org tree and filters need. */
export async function readOrgEntities(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<{ groups: Entity[]; components: Entity[] }> {
  const [groups, components] = await Promise.all([
    catalog.getEntities(
      { filter: { kind: 'Group' }, fields: GROUP_FIELDS },
      { credentials },
    ),
    catalog.getEntities(
      {
        filter: { kind: 'Component' },
        fields: COMPONENT_FIELDS,
      },
      { credentials },
    ),
  ]);
  return { groups: groups.items, components: components.items };
}
