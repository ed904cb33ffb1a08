import { NormalisedPostmortem } from '@quality-pulse/plugin-quality-node';
import { MAX_DOCUMENT_BYTES, NOT_ASSESSED } from './documentLimits';
import { documentToPostmortem } from './documentToPostmortem';

/**
 * A post-mortem an incident tool sent with its text, assessed like a
 * document: completeness, what is missing, actions. What the provider says
 * itself (`complete`, `assessment`, `actions`) wins; the text is dropped.
 * Text over the document limit is not assessed, with that reason.
 */
export function assessContent(
  postmortem: NormalisedPostmortem,
): NormalisedPostmortem {
  if (typeof postmortem !== 'object' || postmortem === null) {
    return postmortem; // the store names what is wrong with it
  }
  const { content, ...rest } = postmortem;
  if (
    typeof content !== 'string' ||
    rest.complete !== undefined ||
    rest.assessment !== undefined
  ) {
    return rest;
  }
  if (Buffer.byteLength(content) > MAX_DOCUMENT_BYTES) {
    return { ...rest, notAssessedReason: NOT_ASSESSED.tooLarge };
  }
  const document = documentToPostmortem(content, rest.title);
  return {
    ...rest,
    publishedAt: rest.publishedAt ?? document.publishedAt,
    complete: document.complete,
    assessment: document.assessment,
    actions: rest.actions ?? document.actions,
  };
}
