// README "Install into your Backstage app", steps 2–7, done to a fresh
// create-app app as a reader would do them by hand: each edit names its step.
//   node wire-app.mjs <app> <new|legacy> <repo>
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [app, system, repo] = process.argv.slice(2);
const YAML = createRequire(path.join(repo, 'package.json'))('yaml');

/** Replaces `anchor` in `file` with `replacement`; the template must hold it. */
function edit(file, anchor, replacement) {
  const where = path.join(app, file);
  const text = fs.readFileSync(where, 'utf8');
  if (!text.includes(anchor)) {
    throw new Error(
      `${file} has no ${JSON.stringify(anchor)}: the app template changed`,
    );
  }
  fs.writeFileSync(where, text.replace(anchor, replacement));
}

// Step 2: the backend.
edit(
  'packages/backend/src/index.ts',
  'backend.start();',
  [
    "backend.add(import('@quality-pulse/plugin-quality-backend'));",
    "backend.add(import('@quality-pulse/plugin-quality-backend-module-demo'));",
    '',
    'backend.start();',
  ].join('\n'),
);

// Steps 2, 3, 5, 6 and 7 in app-config.yaml: the demo data source, the
// example catalog that carries the annotations, the signed-in user, the
// root-cause template and the actions.
fs.mkdirSync(path.join(app, 'examples/quality'), { recursive: true });
for (const name of ['entities.yaml', 'org.yaml']) {
  fs.copyFileSync(
    path.join(repo, 'examples', name),
    path.join(app, 'examples/quality', name),
  );
}
const configFile = path.join(app, 'app-config.yaml');
const config = YAML.parseDocument(fs.readFileSync(configFile, 'utf8'));
config.setIn(['quality', 'providers', 'demo', 'enabled'], true);
config.setIn(['auth', 'providers', 'guest'], {
  userEntityRef: 'user:default/guest',
});
config.setIn(
  ['backend', 'actions', 'pluginSources'],
  ['catalog', 'scaffolder', 'quality'],
);
const locations = config.getIn(['catalog', 'locations']);
for (const location of [
  { type: 'file', target: '../../examples/quality/entities.yaml' },
  {
    type: 'file',
    target: '../../examples/quality/org.yaml',
    rules: [{ allow: ['User', 'Group'] }],
  },
  {
    type: 'file',
    target:
      '../../node_modules/@quality-pulse/plugin-quality-backend/templates/root-cause-document/template.yaml',
    rules: [{ allow: ['Template'] }],
  },
]) {
  locations.add(config.createNode(location));
}
fs.writeFileSync(configFile, config.toString());

if (system === 'legacy') {
  // Step 4′: the legacy frontend system.
  const entityPage = 'packages/app/src/components/catalog/EntityPage.tsx';
  edit(
    entityPage,
    'import {',
    [
      'import {',
      '  EntityQualityCard,',
      '  EntityQualityContent,',
      '  GroupQualityContent,',
      '  isQualityAvailable,',
      "} from '@quality-pulse/plugin-quality';",
      'import {',
    ].join('\n'),
  );
  // After each page's Overview tab, as the README's snippets go.
  edit(
    entityPage,
    `      {overviewContent}
    </EntityLayout.Route>`,
    `      {overviewContent}
    </EntityLayout.Route>
    <EntityLayout.Route path="/quality" title="Quality" if={isQualityAvailable}>
      <EntityQualityContent />
    </EntityLayout.Route>`,
  );
  edit(
    entityPage,
    `          <EntityLinksCard />
        </Grid>
      </Grid>
    </EntityLayout.Route>
  </EntityLayout>
);

const systemPage`,
    `          <EntityLinksCard />
        </Grid>
      </Grid>
    </EntityLayout.Route>
    <EntityLayout.Route path="/quality" title="Quality">
      <GroupQualityContent />
    </EntityLayout.Route>
  </EntityLayout>
);

const systemPage`,
  );
  edit(
    entityPage,
    `    <Grid item md={6}>
      <EntityAboutCard />
    </Grid>`,
    `    <Grid item md={6}>
      <EntityAboutCard />
    </Grid>
    <Grid item md={6}>
      <EntityQualityCard />
    </Grid>`,
  );
  edit(
    'packages/app/src/App.tsx',
    "import { apis } from './apis';",
    "import { QualityOverviewPage } from '@quality-pulse/plugin-quality';\nimport { apis } from './apis';",
  );
  edit(
    'packages/app/src/App.tsx',
    '    <Route path="/settings"',
    '    <Route path="/quality" element={<QualityOverviewPage />} />\n    <Route path="/settings"',
  );
  edit(
    'packages/app/src/components/Root/Root.tsx',
    "import LogoFull from './LogoFull';",
    "import { QualityIcon } from '@quality-pulse/plugin-quality';\nimport LogoFull from './LogoFull';",
  );
  edit(
    'packages/app/src/components/Root/Root.tsx',
    '        <SidebarItem icon={ExtensionIcon} to="api-docs" text="APIs" />',
    '        <SidebarItem icon={ExtensionIcon} to="api-docs" text="APIs" />\n        <SidebarItem icon={QualityIcon} to="quality" text="Quality" />',
  );
}
// Step 4, new frontend system: `app.packages: all` in the template's
// app-config.yaml discovers the plugin; nothing to edit.
console.log(`[quality-pulse] wired the ${system} app as the README says`);
