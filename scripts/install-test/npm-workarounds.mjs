// Machine workarounds for a create-app app (../shared/ENVIRONMENT.md §2–5), not
// install steps a user follows: npm workspaces instead of Yarn, peer ranges
// relaxed for Material UI 4, the overrides that cover the registry's gaps,
// and the install scripts npm 11 blocks by default.
import fs from 'node:fs';
import path from 'node:path';

const [app, repoPackageJson] = process.argv.slice(2);
const file = path.join(app, 'package.json');
const root = JSON.parse(fs.readFileSync(file, 'utf8'));
const repo = JSON.parse(fs.readFileSync(repoPackageJson, 'utf8'));
delete root.packageManager;
delete root.resolutions;
root.overrides = repo.overrides;
root.allowScripts = repo.allowScripts;
fs.writeFileSync(file, `${JSON.stringify(root, null, 2)}\n`);
fs.writeFileSync(path.join(app, '.npmrc'), 'legacy-peer-deps=true\n');
// Yarn's `link:` protocol (the backend serves the app) is a workspace to npm.
for (const workspace of fs.readdirSync(path.join(app, 'packages'))) {
  const manifest = path.join(app, 'packages', workspace, 'package.json');
  if (!fs.existsSync(manifest)) continue;
  const text = fs.readFileSync(manifest, 'utf8');
  fs.writeFileSync(manifest, text.replace(/"link:[^"]*"/g, '"*"'));
}
fs.rmSync(path.join(app, 'yarn.lock'), { force: true });

// The template's signals backend resolves to a release newer than the
// template's backend (it calls httpRouter.addWebSocketHandler, which the
// template's backend-defaults lacks) and the backend refuses to start: not
// the suite's concern, so it is left out of the fresh app.
const backendIndex = path.join(app, 'packages/backend/src/index.ts');
fs.writeFileSync(
  backendIndex,
  fs
    .readFileSync(backendIndex, 'utf8')
    .replace(
      /^backend\.add\(import\('@backstage\/plugin-signals-backend'\)\);\n/m,
      '',
    ),
);
