import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The Quality tab on component pages. Shown for every component, configured or
 * not: the "not configured" state is where people learn which annotation to add.
 * Apps can narrow it with the extension's `filter` config.
 */
export const entityQualityContent = EntityContentBlueprint.make({
  params: {
    path: '/quality',
    title: 'Quality',
    filter: 'kind:component',
    loader: () =>
      import('../components/EntityQualityContent').then(m => (
        <m.EntityQualityContent />
      )),
  },
});
