import { renderInTestApp } from '@backstage/frontend-test-utils';
import { HomePageWidgetData } from '@backstage/plugin-home-react/alpha';
import { DemoHomeLayout } from './DemoHomeLayout';

const widget = (name: string): HomePageWidgetData =>
  ({ name, component: <section aria-label={name}>{name}</section> } as any);

describe('the demo home layout', () => {
  it('puts the search bar on top, then the squads quality card first in the wide column', async () => {
    await renderInTestApp(
      <DemoHomeLayout
        widgets={[
          widget('GettingStarted'),
          widget('HomePageToolkit'),
          widget('MySquadsQuality'),
          widget('HomePageStarredEntities'),
          widget('HomePageSearchBar'),
        ]}
      />,
    );
    // The widgets' own sections, in document order (the test app adds regions of its own).
    const order = [...document.querySelectorAll('section[aria-label]')].map(
      section => section.getAttribute('aria-label'),
    );
    expect(order).toEqual([
      'HomePageSearchBar',
      'MySquadsQuality',
      'GettingStarted',
      'HomePageToolkit',
      'HomePageStarredEntities',
    ]);
  });
});
