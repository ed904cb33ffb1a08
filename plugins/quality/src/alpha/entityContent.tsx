import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';

/**
 * The Quality tab on component pages. Shown for every component, configured or
 * not: the "not configured" state is where people learn which annotation to add.
 * Apps can narrow it with the extension's `filter` config.
 */
export const entityQualityContent = EntityContentBlueprint.make({
  params: {
    path: '/quality',
    title: 'Quality',
    filter: { kind: 'component' },
    loader: () =>
      import('../components/EntityQualityContent').then(m => (
        <m.EntityQualityContent />
      )),
  },
});

/**
 * The Quality tab on Group pages: the squad's rollup, its quality budget and
 * its services side by side.
 */
export const groupQualityContent = EntityContentBlueprint.make({
  name: 'group',
  params: {
    path: '/quality',
    title: 'Quality',
    filter: { kind: 'group' },
    loader: () =>
      import('../components/GroupQualityContent').then(m => (
        <m.GroupQualityContent />
      )),
  },
});

/** The quality scorecard on a component's overview tab, linking to its Quality tab. */
export const entityQualityCard = EntityCardBlueprint.make({
  name: 'scorecard',
  params: {
    filter: { kind: 'component' },
    type: 'info',
    loader: () =>
      import('../components/EntityQualityCard').then(m => (
        <m.EntityQualityCard />
      )),
  },
});
