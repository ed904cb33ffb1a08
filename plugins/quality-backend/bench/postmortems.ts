/*
 * Post-mortem assessment benchmark (issue 17): how long one document of up to
 * the size limit takes to assess, for documents crafted to be slow (long
 * heading lines, thousands of headings, long list items, deep nesting,
 * unclosed fences) and for a realistic one. Target: every document < 100 ms.
 *
 *   npm run bench:postmortems
 *   npm run bench:postmortems -- --compare path/to/otherAssessor.ts
 *
 * With --compare, the other module's `assessPostmortem` is timed on the same
 * documents beside it, each document in a child process that is stopped after
 * COMPARE_LIMIT_MS (a super-linear assessor takes minutes on some of them).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ADVERSARIAL_DOCUMENTS } from '../src/__testUtils__/adversarialMarkdown';
import { assessPostmortem } from '../src/postmortems/assessPostmortem';
import { machineLine } from './syntheticOrg';

const RUNS = 5;
const COMPARE_LIMIT_MS = 20_000;

const REALISTIC = `---
title: Checkout timeouts
incidents: [PD-1234]
published: 2026-11-14
---
# Checkout timeouts
## What happened
${'Requests timed out while the provider was slow. '.repeat(400)}
## Why it happened
${'The client had no timeout and the load test had no slow provider. '.repeat(
  400,
)}
## What we are changing
${'- Add a 2 s timeout, owner: group:default/payments, due 2026-12-01\n'.repeat(
  300,
)}
## What we are not changing, and why
We keep one provider.
`;

const documents: Record<string, string> = {
  ...ADVERSARIAL_DOCUMENTS,
  'realistic, long': REALISTIC,
};

type Assess = (markdown: string) => unknown;

function slowestOf(assess: Assess, markdown: string): number {
  let slowest = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    assess(markdown);
    slowest = Math.max(slowest, performance.now() - started);
  }
  return slowest;
}

/** Child mode: time one document with the given module and print the milliseconds. */
async function timeOne(modulePath: string, name: string) {
  const { assessPostmortem: other } = await import(modulePath);
  process.stdout.write(String(slowestOf(other, documents[name])));
}

function timeInChild(modulePath: string, name: string): string {
  const child = spawnSync(
    process.execPath,
    [
      require.resolve('sucrase/bin/sucrase-node'),
      __filename,
      '--one',
      modulePath,
      name,
    ],
    { timeout: COMPARE_LIMIT_MS, encoding: 'utf8' },
  );
  if (child.error || child.status !== 0) {
    return `> ${COMPARE_LIMIT_MS / 1000} s`;
  }
  return `${Number(child.stdout).toFixed(1)} ms`;
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--one') {
    await timeOne(args[1], args[2]);
    return;
  }
  const compare =
    args[0] === '--compare' ? resolve(process.cwd(), args[1]) : undefined;
  console.log(`# Post-mortem assessment, slowest of ${RUNS} runs`);
  console.log(`${machineLine()}, ${new Date().toISOString().slice(0, 10)}`);
  console.log();
  console.log(
    compare
      ? '| document | KB | this assessor | compared assessor |\n|---|---:|---:|---:|'
      : '| document | KB | this assessor |\n|---|---:|---:|',
  );
  let worst = 0;
  for (const [name, markdown] of Object.entries(documents)) {
    const ms = slowestOf(assessPostmortem, markdown);
    worst = Math.max(worst, ms);
    const cells = [
      name,
      (Buffer.byteLength(markdown) / 1024).toFixed(0),
      `${ms.toFixed(1)} ms`,
      ...(compare ? [timeInChild(compare, name)] : []),
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
  console.log();
  console.log(
    `Slowest document: ${worst.toFixed(1)} ms (target < 100 ms): ${
      worst < 100 ? 'met' : 'NOT met'
    }`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
