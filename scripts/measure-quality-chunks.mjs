// Measures the JavaScript the Quality plugin adds to the portal: builds the
// demo app for production (unless --no-build), finds the chunks holding each
// view by a string only that view contains, and prints raw and gzipped sizes.
// Fails when any of it is in the scripts index.html loads up front: the views
// must load only when opened. Run: node scripts/measure-quality-chunks.mjs
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const appDir = path.join(repoRoot, 'packages/app');
const dist = path.join(appDir, 'dist');

if (!process.argv.includes('--no-build')) {
  execFileSync('npx', ['backstage-cli', 'package', 'build'], {
    cwd: appDir,
    stdio: 'ignore',
  });
}

// A string each part contains and nothing else in the portal does.
const MARKERS = {
  'Service Quality tab': 'Published in the window, and drafts',
  'Squad Quality tab': 'This group owns no components yet',
  'Org overview page': 'Quality across the organisation',
  'Scorecard card': 'Burn-down, four weeks',
  "Home card (My squads' quality)": 'You are not a member of any group',
  'Charts (our code)': 'Open bugs per severity, each day of the window',
  'Charting library (recharts + d3)': 'recharts-surface',
};

const files = readdirSync(path.join(dist, 'static')).filter(f => f.endsWith('.js'));
const contents = new Map(
  files.map(f => [f, readFileSync(path.join(dist, 'static', f))]),
);
const initial = [
  ...readFileSync(path.join(dist, 'index.html'), 'utf8').matchAll(
    /<script[^>]*src="\/static\/([^"]+)"/g,
  ),
].map(m => m[1]);

const kb = bytes => `${(bytes / 1024).toFixed(1)} KB`;
let failed = false;
console.log('part | chunk | raw | gzipped');
for (const [part, marker] of Object.entries(MARKERS)) {
  const chunks = files.filter(f => contents.get(f).includes(marker));
  for (const chunk of chunks) {
    const raw = contents.get(chunk);
    const upfront = initial.includes(chunk);
    failed ||= upfront;
    console.log(
      `${part} | ${chunk}${upfront ? ' (LOADED UP FRONT)' : ''} | ${kb(
        raw.length,
      )} | ${kb(gzipSync(raw, { level: 9 }).length)}`,
    );
  }
  if (chunks.length === 0) {
    console.log(`${part} | not found (marker "${marker}") | - | -`);
    failed = true;
  }
}
const initialGzip = initial
  .filter(f => contents.has(f))
  .reduce((sum, f) => sum + gzipSync(contents.get(f), { level: 9 }).length, 0);
console.log(`\nscripts index.html loads up front: ${initial.length}, ${kb(initialGzip)} gzipped`);
process.exit(failed ? 1 : 0);
