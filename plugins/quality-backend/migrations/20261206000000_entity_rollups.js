/*
 * Issue 22 (fast while data keeps arriving):
 * - quality_bug_open_counts: open bugs per entity and severity now, kept on
 *   write with the burn-down deltas (it is their sum), so the org views stop
 *   counting a million bugs.
 * - quality_bug_days / quality_deployment_days: per entity and UTC day the
 *   bugs created and escaped, the deployments and remediation deployments,
 *   so a window's ratios add up days instead of scanning its items.
 * - quality_entity_versions: a counter per entity that every write touching
 *   the entity moves, replacing the one global quality_data_version: a cached
 *   answer depends only on the entities under it.
 * All three are filled from the stored items here.
 */

// @ts-check

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('quality_bug_open_counts', table => {
    table.comment(
      'Open bugs per entity and severity: the sum of the burn-down deltas',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('severity', 16).notNullable();
    table.integer('open').notNullable();
    table.primary(['entity_ref', 'severity']);
  });
  // Open at an instant = open now − the net opened since: the weekly points
  // read the deltas after an instant, for every severity of an entity.
  await knex.schema.alterTable('quality_bug_open_deltas', table => {
    table.index(
      ['entity_ref', 'quarter'],
      'quality_bug_open_deltas_recent_idx',
    );
  });
  await knex.raw(
    `INSERT INTO quality_bug_open_counts (entity_ref, severity, open)
     SELECT entity_ref, severity, COUNT(*) FROM quality_bugs
     WHERE status = 'open' GROUP BY entity_ref, severity`,
  );

  for (const [table, total, flagged, items, time, flag] of [
    [
      'quality_bug_days',
      'created',
      'escaped',
      'quality_bugs',
      'created_at',
      'escaped',
    ],
    [
      'quality_deployment_days',
      'deployments',
      'remediations',
      'quality_deployments',
      'deployed_at',
      'remediation',
    ],
  ]) {
    await knex.schema.createTable(table, t => {
      t.comment(
        `Per entity and UTC day (days since 1970): ${total} and ${flagged}`,
      );
      t.string('entity_ref', 255).notNullable();
      t.integer('day').notNullable();
      t.integer(total).notNullable();
      t.integer(flagged).notNullable();
      t.primary(['entity_ref', 'day']);
    });
    await knex.raw(
      `INSERT INTO ${table} (entity_ref, day, ${total}, ${flagged})
       SELECT entity_ref, day, COUNT(*), SUM(flagged) FROM (
         SELECT entity_ref, CAST(${time} / ${DAY_MS} AS INTEGER) AS day,
                CASE WHEN ${flag} IS TRUE THEN 1 ELSE 0 END AS flagged
         FROM ${items}
       ) d GROUP BY entity_ref, day`,
    );
  }

  // The org views read a window's rows for all entities at once: by time,
  // so what they read follows the window, not the history before it.
  await knex.schema.alterTable('quality_bugs', table => {
    table.index(['created_at'], 'quality_bugs_created_idx');
  });
  await knex.raw(
    `CREATE INDEX quality_bugs_open_critical_idx ON quality_bugs (entity_ref, created_at)
     WHERE status = 'open' AND severity IN ('P0', 'P1')`,
  );
  await knex.schema.alterTable('quality_bug_open_deltas', table => {
    table.index(['quarter'], 'quality_bug_open_deltas_quarter_idx');
  });
  for (const table of ['quality_bug_days', 'quality_deployment_days']) {
    await knex.schema.alterTable(table, t => {
      t.index(['day'], `${table}_day_idx`);
    });
  }
  await knex.schema.alterTable('quality_deployments', table => {
    table.index(['deployed_at'], 'quality_deployments_deployed_idx');
  });

  await knex.schema.createTable('quality_entity_versions', table => {
    table.comment(
      'Moved by every write that changes a figure of the entity; cached answers carry the versions of their entities',
    );
    table.string('entity_ref', 255).primary();
    table.bigInteger('version').notNullable();
  });
  await knex.schema.dropTable('quality_data_version');

  // Versions start again at zero when the database is recreated (an
  // in-memory SQLite at each start): answers a shared cache still holds from
  // the old database must not match, so shared keys carry this database's id.
  await knex.schema.createTable('quality_installation', table => {
    table.comment(
      'One row: the id of this database, in the keys of shared cached answers',
    );
    table.integer('id').primary();
    table.string('cache_epoch', 64).notNullable();
  });
  await knex('quality_installation').insert({
    id: 1,
    cache_epoch: require('node:crypto').randomUUID(),
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.createTable('quality_data_version', table => {
    table.integer('id').primary();
    table.bigInteger('version').notNullable();
  });
  await knex('quality_data_version').insert({ id: 1, version: 0 });
  await knex.schema.dropTable('quality_installation');
  await knex.schema.dropTable('quality_entity_versions');
  await knex.schema.alterTable('quality_deployments', table => {
    table.dropIndex([], 'quality_deployments_deployed_idx');
  });
  await knex.schema.alterTable('quality_bugs', table => {
    table.dropIndex([], 'quality_bugs_created_idx');
    table.dropIndex([], 'quality_bugs_open_critical_idx');
  });
  await knex.schema.alterTable('quality_bug_open_deltas', table => {
    table.dropIndex([], 'quality_bug_open_deltas_quarter_idx');
  });
  await knex.schema.dropTable('quality_deployment_days');
  await knex.schema.dropTable('quality_bug_days');
  await knex.schema.dropTable('quality_bug_open_counts');
  await knex.schema.alterTable('quality_bug_open_deltas', table => {
    table.dropIndex([], 'quality_bug_open_deltas_recent_idx');
  });
};
