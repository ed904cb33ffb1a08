import { Knex } from 'knex';
import { ValidatedAction } from './itemValidation';
import { chunks } from './chunks';
import { closedOnWhenSet, PORTAL_ACTION_PREFIX } from './LearningLoopStore';

/**
 * Stores the actions a source lists for a post-mortem. Actions are matched by
 * their key, so a status or fix link set in the portal survives the document
 * being read again; the document wins only when it ticks an action or links
 * its fix. Actions it no longer lists are removed.
 */
export async function replaceActions(
  tx: Knex.Transaction,
  postmortemId: number,
  actions: ValidatedAction[],
  now: number,
): Promise<void> {
  const keys = actions.map(a => a.action_key);
  await tx('quality_postmortem_actions')
    .where('postmortem_id', postmortemId)
    .whereNotIn('action_key', keys)
    // Actions added in the portal are not the document's to remove.
    .whereNot('action_key', 'like', `${PORTAL_ACTION_PREFIX}%`)
    .delete();
  for (const chunk of chunks(actions)) {
    await tx('quality_postmortem_actions')
      .insert(
        chunk.map(({ stated_status, stated_fix_url, ...action }) => ({
          ...action,
          postmortem_id: postmortemId,
          status: stated_status ?? 'open',
          // Seen for the first time already closed: the day it was is unknown.
          closed_on: null,
          fix_url: stated_fix_url,
          updated_at: now,
        })),
      )
      .onConflict(['postmortem_id', 'action_key'])
      .merge(['text', 'owner_ref', 'due_date', 'vague']);
  }
  for (const action of actions) {
    const stated: Record<string, unknown> = {};
    if (action.stated_status) {
      stated.status = action.stated_status;
      stated.closed_on = closedOnWhenSet(tx, action.stated_status, now);
    }
    if (action.stated_fix_url) stated.fix_url = action.stated_fix_url;
    if (Object.keys(stated).length > 0) {
      await tx('quality_postmortem_actions')
        .where({ postmortem_id: postmortemId, action_key: action.action_key })
        .update(stated);
    }
  }
}
