/*
 * Issue 17 (untrusted input):
 * - quality_postmortems.not_assessed_reason: why a document stayed unassessed
 *   (too large, outside the service's repository, unreadable).
 * - Post-mortems linked in the portal are keyed by entity and URL: keyed by the
 *   URL alone, a link on one entity took over another entity's post-mortem.
 * - quality_scorecards.covers: a fingerprint of the entities a scorecard was
 *   computed from, so one is served only to callers who see all of them.
 * - Webhook deliveries are remembered by delivery id alone, whichever provider
 *   they were posted to (a shared secret must not let one count twice), each
 *   until its own `keep_until`.
 */

// @ts-check
const { createHash } = require('node:crypto');

const sha = (/** @type {string} */ text, length = 64) =>
  createHash('sha256').update(text).digest('hex').slice(0, length);

/**
 * @param {import('knex').Knex} knex
 * @param {(row: { entity_ref: string, url: string }) => string} keyOf
 */
async function rekeyPortalLinks(knex, keyOf) {
  const links = await knex('quality_postmortems')
    .where('source', 'portal')
    .orderBy('id')
    .select('id', 'entity_ref', 'url');
  const taken = new Set();
  for (const link of links) {
    const externalId = keyOf(link);
    if (taken.has(externalId)) {
      await knex('quality_postmortems').where('id', link.id).delete();
      continue;
    }
    taken.add(externalId);
    await knex('quality_postmortems')
      .where('id', link.id)
      .update({ external_id: `tmp-${link.id}` });
  }
  for (const link of links) {
    await knex('quality_postmortems')
      .where('id', link.id)
      .update({ external_id: keyOf(link) });
  }
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('quality_postmortems', table => {
    table
      .string('not_assessed_reason', 255)
      .nullable()
      .comment(
        'Why the document was not assessed, as the post-mortem shows it',
      );
  });
  await rekeyPortalLinks(
    knex,
    link => `link-${sha(`${link.entity_ref}\u0000${link.url}`, 32)}`,
  );
  await knex.schema.alterTable('quality_scorecards', table => {
    table
      .string('covers', 64)
      .nullable()
      .comment('Fingerprint of the entity refs the figures were computed from');
  });

  await knex.schema.createTable('quality_webhook_seen', table => {
    table.comment('Webhook deliveries already accepted, for replay detection');
    table
      .string('delivery_key', 64)
      .primary()
      .comment('SHA-256 of the delivery id');
    table.string('provider_id', 255).notNullable();
    table.bigInteger('received_at').notNullable();
    table.bigInteger('keep_until').notNullable();
    table.index(['keep_until'], 'quality_webhook_seen_keep_idx');
  });
  const seen = await knex('quality_webhook_deliveries').select();
  const WEEK = 7 * 24 * 60 * 60 * 1000;
  const keys = new Set();
  for (const row of seen) {
    const key = sha(row.delivery_id);
    if (keys.has(key)) continue;
    keys.add(key);
    await knex('quality_webhook_seen').insert({
      delivery_key: key,
      provider_id: row.provider_id,
      received_at: row.received_at,
      keep_until: Number(row.received_at) + WEEK,
    });
  }
  await knex.schema.dropTable('quality_webhook_deliveries');
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.createTable('quality_webhook_deliveries', table => {
    table.string('provider_id', 255).notNullable();
    table.string('delivery_id', 255).notNullable();
    table.bigInteger('received_at').notNullable();
    table.primary(['provider_id', 'delivery_id']);
    table.index(['received_at'], 'quality_webhook_deliveries_received_idx');
  });
  // Only hashes were kept: replay detection starts afresh.
  await knex.schema.dropTable('quality_webhook_seen');
  await knex.schema.alterTable('quality_scorecards', table => {
    table.dropColumn('covers');
  });
  await rekeyPortalLinks(knex, link => `link-${sha(link.url, 32)}`);
  await knex.schema.alterTable('quality_postmortems', table => {
    table.dropColumn('not_assessed_reason');
  });
};
