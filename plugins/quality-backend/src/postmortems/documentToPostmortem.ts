import { PostmortemActionItem } from '@quality-pulse/plugin-quality-node';
import { requireOwnerRef } from '../database/normalise';
import { assessPostmortem } from './assessPostmortem';

/** A subject named in front matter: `source:id`, or a bare id to look up. */
export interface NamedSubject {
  kind: 'incident' | 'bug';
  source?: string;
  externalId: string;
}

export interface ReadDocument {
  title: string;
  publishedAt?: Date;
  complete: boolean;
  subjects: NamedSubject[];
  assessment: {
    missingSections: string[];
    blameFlags: Array<{ line: number; phrase: string }>;
    vagueActions: number;
  };
  actions: PostmortemActionItem[];
}

/**
 * Turns a Markdown root-cause document into what the store keeps. Front
 * matter names what it documents (`incidents: [PD-1234]`,
 * `bugs: [jira:PAY-12]`) and when it was published (`published` or `date`);
 * without a date it is a draft.
 */
export function documentToPostmortem(
  markdown: string,
  fallbackTitle: string,
): ReadDocument {
  const assessment = assessPostmortem(markdown);
  const front = assessment.frontMatter;
  return {
    title: assessment.title ?? fallbackTitle,
    publishedAt: publicationDate(front.published ?? front.date),
    complete: assessment.complete,
    subjects: [
      ...namedSubjects(front.incidents ?? front.incident, 'incident'),
      ...namedSubjects(front.bugs ?? front.bug, 'bug'),
    ],
    assessment: {
      missingSections: assessment.missingSections,
      blameFlags: assessment.blameFlags,
      vagueActions: assessment.actions.filter(a => a.vague).length,
    },
    actions: assessment.actions.map(action => ({
      text: action.text,
      owner: ownerOrUndefined(action.owner),
      due: action.due ?? undefined,
      status: action.done ? 'done' : undefined,
      fixUrl: action.fixUrl ?? undefined,
      vague: action.vague,
    })),
  };
}

function publicationDate(value: unknown): Date | undefined {
  // YAML reads an unquoted 2026-11-14 as a Date already.
  const date =
    value instanceof Date
      ? value
      : new Date(typeof value === 'string' ? value : NaN);
  return Number.isFinite(date.getTime()) ? date : undefined;
}

function namedSubjects(
  value: unknown,
  kind: 'incident' | 'bug',
): NamedSubject[] {
  const list = Array.isArray(value) ? value : [value];
  return list
    .filter(
      (v): v is string | number =>
        (typeof v === 'string' && v.trim() !== '') || typeof v === 'number',
    )
    .map(v => {
      const text = String(v).trim();
      const colon = text.indexOf(':');
      return colon > 0
        ? {
            kind,
            source: text.slice(0, colon),
            externalId: text.slice(colon + 1),
          }
        : { kind, externalId: text };
    });
}

/** A document's owner that is not a valid catalog name is shown as no owner, not an error. */
function ownerOrUndefined(owner: string | null): string | undefined {
  if (!owner) return undefined;
  try {
    return requireOwnerRef(owner, 'owner');
  } catch {
    return undefined;
  }
}
