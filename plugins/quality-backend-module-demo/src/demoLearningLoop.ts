import { Entity } from '@backstage/catalog-model';
import {
  NormalisedBug,
  PostmortemActionItem,
} from '@quality-pulse/plugin-quality-node';
import type { DemoHistory } from './demoHistory';
import { SeededRandom } from './random';

const DAY = 24 * 60 * 60 * 1000;
/** The label the demo's bug-bash bugs carry. */
export const DEMO_BUG_BASH_LABEL = 'bug-bash';
/** The bash was six days before the anchor, so its root-cause notes are in and its review is ahead. */
export const DEMO_BUG_BASH_DAYS_AGO = 6;

const SECTIONS = [
  'whatHappened',
  'whyItHappened',
  'whatWeAreChanging',
  'whatWeAreNotChanging',
];
const ACTIONS = [
  'Add a contract test for the failing path',
  'Alert on the queue depth before it fills',
  'Add the case to the release checklist',
  'Put a timeout and a circuit breaker on the client',
  'Add a canary step to the deploy pipeline',
];
const BASH_FINDS = [
  'Coupon field accepts trailing spaces',
  'Receipt e-mail shows the wrong currency',
  'Back button loses the basket',
  'Date picker allows 31 February',
  'Error toast hides the retry button',
];
const day = (millis: number) => new Date(millis).toISOString().slice(0, 10);

/**
 * The learning loop of a demo service, from its own random stream so the
 * rest of the history stays as it was: every post-mortem assessed with
 * actions owned by the squad (some overdue, some done), and a bug-bash six
 * days ago whose finds carry the `bug-bash` label, some with a root-cause
 * note written the same day.
 */
export function addDemoLearningLoop(
  history: DemoHistory,
  entity: Entity,
  options: {
    seed: string;
    anchor: number;
    health: number;
    trackerKey?: string;
  },
) {
  const random = new SeededRandom(
    `${options.seed}:learning:${entity.metadata.name}`,
  );
  const owner = String(entity.spec?.owner ?? '');
  const ownerRef = owner.includes(':') ? owner : `group:default/${owner}`;

  if (options.trackerKey) {
    const bashDay = options.anchor - DEMO_BUG_BASH_DAYS_AGO * DAY;
    const finds = 2 + Math.floor(random.between(0, 3));
    for (let i = 1; i <= finds; i++) {
      const externalId = `${options.trackerKey}-BASH-${i}`;
      const createdAt = bashDay + (9 + i) * 3_600_000;
      const fixed = random.chance(0.3 + 0.5 * options.health);
      const severity = random.pick(['P2', 'P3', 'P3', 'P4'] as const);
      const entityRef = history.bugs[0]?.history[0].entityRef;
      if (!entityRef) break;
      const bug: NormalisedBug = {
        externalId,
        title: BASH_FINDS[(i - 1) % BASH_FINDS.length],
        escaped: false,
        labels: [DEMO_BUG_BASH_LABEL],
        history: [
          { at: new Date(createdAt), status: 'open', severity, entityRef },
          ...(fixed
            ? [
                {
                  at: new Date(createdAt + random.between(1, 4) * DAY),
                  status: 'closed' as const,
                  severity,
                  entityRef,
                },
              ]
            : []),
        ],
      };
      history.bugs.push(bug);
      if (random.chance(0.3 + 0.6 * options.health)) {
        history.postmortems.push({
          externalId: `note-${externalId}`,
          entityRef,
          title: `Root-cause note: ${bug.title.toLowerCase()} (${externalId})`,
          url: `https://wiki.acme.example.com/root-cause/${externalId}`,
          publishedAt: new Date(createdAt + 4 * 3_600_000),
          subjects: [{ kind: 'bug', externalId }],
        });
      }
    }
  }

  for (const postmortem of history.postmortems) {
    const published = postmortem.publishedAt?.getTime() ?? options.anchor;
    const actions: PostmortemActionItem[] = [];
    const count = 1 + Math.floor(random.between(0, 2));
    for (let i = 0; i < count; i++) {
      const due = published + Math.floor(random.between(5, 25)) * DAY;
      const done =
        due < options.anchor && random.chance(0.4 + 0.5 * options.health);
      actions.push({
        text: random.pick(ACTIONS),
        owner: ownerRef,
        due: day(due),
        status: done ? 'done' : 'open',
      });
    }
    const complete = random.chance(0.35 + 0.55 * options.health);
    const missing = complete ? [] : [random.pick(SECTIONS)];
    postmortem.complete = complete;
    postmortem.assessment = {
      missingSections: missing,
      blameFlags: [],
      vagueActions: 0,
    };
    postmortem.actions = actions;
  }
}
