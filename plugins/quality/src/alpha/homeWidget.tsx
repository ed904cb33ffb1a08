import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';

/** "My squads' quality" on the home page, for the signed-in user's squads. */
export const mySquadsQualityWidget = HomePageWidgetBlueprint.make({
  name: 'my-squads-quality',
  params: {
    name: 'MySquadsQuality',
    title: "My squads' quality",
    description:
      'Quality budget, open bugs, escaped defect rate and MTTR of the squads you belong to',
    components: () =>
      import('../components/MySquadsQuality').then(m => ({
        Content: m.MySquadsQuality,
      })),
  },
});
