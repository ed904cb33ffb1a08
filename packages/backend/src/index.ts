/*
 * The Quality Pulse demo portal's backend: a stock Backstage backend with the
 * quality plugin and its demo data source added at the end.
 */

import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// publish:github:pull-request, used by the root-cause document template
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));

// techdocs plugin
backend.add(import('@backstage/plugin-techdocs-backend'));

// auth plugin
backend.add(import('@backstage/plugin-auth-backend'));
// See https://backstage.io/docs/backend-system/building-backends/migrating#the-auth-plugin
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// See https://backstage.io/docs/auth/guest/provider

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permission plugin, with a policy read from permission.roles (admins, who
// records what squads learn, entities only their owners see): the demo makes
// its guest an admin; production names real groups (app-config.production.yaml).
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/rolesPolicy'));

// search plugin
backend.add(import('@backstage/plugin-search-backend'));

// search collators
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// user settings plugin
backend.add(import('@backstage/plugin-user-settings-backend'));

// notifications and signals plugins
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// mcp actions plugin
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// quality pulse: store, metrics and API, plus the demo data source
// (the demo provider only registers when quality.providers.demo.enabled is true)
backend.add(import('@quality-pulse/plugin-quality-backend'));
backend.add(import('@quality-pulse/plugin-quality-backend-module-demo'));
// bug trackers: each registers a provider per instance under quality.providers.<tracker>, none without config
backend.add(import('@quality-pulse/plugin-quality-backend-module-jira'));
backend.add(import('@quality-pulse/plugin-quality-backend-module-github'));
backend.add(import('@quality-pulse/plugin-quality-backend-module-linear'));
backend.add(import('@quality-pulse/plugin-quality-backend-module-clickup'));
// incident tools
backend.add(import('@quality-pulse/plugin-quality-backend-module-pagerduty'));
backend.add(import('@quality-pulse/plugin-quality-backend-module-incident-io'));
backend.add(import('@quality-pulse/plugin-quality-backend-module-rootly'));
backend.add(import('@quality-pulse/plugin-quality-backend-module-firehydrant'));
backend.add(import('@quality-pulse/plugin-quality-backend-module-opsgenie'));

backend.start();
