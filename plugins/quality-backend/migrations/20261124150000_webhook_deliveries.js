/*
 * Webhook deliveries seen, by the vendor's delivery id, so a replayed
 * delivery is recognised and ignored. Rows older than a week are pruned.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('quality_webhook_deliveries', table => {
    table.comment('Webhook deliveries already accepted, for replay detection');
    table.string('provider_id', 255).notNullable();
    table.string('delivery_id', 255).notNullable();
    table.bigInteger('received_at').notNullable();
    table.primary(['provider_id', 'delivery_id']);
    table.index(['received_at'], 'quality_webhook_deliveries_received_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('quality_webhook_deliveries');
};
