import { Knex } from 'knex';
import { toNullableNumber, toNumber } from './normalise';

/** A group's state on an initiative, as one evaluation found it. */
export interface InitiativeStateReading {
  groupRef: string;
  state: string;
  value: number | null;
  expected: number | null;
}

/** A change of a group's state on an initiative. */
export interface InitiativeStateChange {
  initiativeId: string;
  groupRef: string;
  from: string;
  to: string;
  changedAt: number;
  value: number | null;
  expected: number | null;
}

/**
 * The state each group was last found in on each initiative, and every
 * change of it. A group seen for the first time starts in the state it is
 * found in, without a change: a new initiative does not notify every squad
 * at once. Each change is a compare-and-set (`UPDATE … WHERE state = <old>`),
 * so when two instances evaluate together exactly one records it.
 */
export class InitiativeStateStore {
  constructor(private readonly db: Knex) {}

  async claimChanges(
    initiativeId: string,
    readings: InitiativeStateReading[],
    now: number,
  ): Promise<InitiativeStateChange[]> {
    const known = new Map<string, string>();
    for (let i = 0; i < readings.length; i += 500) {
      const chunk = readings.slice(i, i + 500);
      await this.db('quality_initiative_states')
        .insert(
          chunk.map(r => ({
            initiative_id: initiativeId,
            group_ref: r.groupRef,
            state: r.state,
            changed_at: now,
          })),
        )
        .onConflict(['initiative_id', 'group_ref'])
        .ignore();
      const rows = await this.db('quality_initiative_states')
        .where('initiative_id', initiativeId)
        .whereIn(
          'group_ref',
          chunk.map(r => r.groupRef),
        )
        .select('group_ref', 'state');
      rows.forEach(row => known.set(row.group_ref, row.state));
    }
    const won: InitiativeStateChange[] = [];
    for (const reading of readings) {
      const from = known.get(reading.groupRef) ?? reading.state;
      if (from === reading.state) continue;
      const change: InitiativeStateChange = {
        initiativeId,
        groupRef: reading.groupRef,
        from,
        to: reading.state,
        changedAt: now,
        value: reading.value,
        expected: reading.expected,
      };
      await this.db.transaction(async tx => {
        const updated = await tx('quality_initiative_states')
          .where({
            initiative_id: initiativeId,
            group_ref: reading.groupRef,
            state: from,
          })
          .update({ state: reading.state, changed_at: now });
        if (updated !== 1) return;
        await tx('quality_initiative_state_changes').insert({
          initiative_id: initiativeId,
          group_ref: reading.groupRef,
          changed_at: now,
          from_state: from,
          to_state: reading.state,
          value: reading.value,
          expected: reading.expected,
        });
        won.push(change);
      });
    }
    return won;
  }

  /** Every change at or after `since`, oldest first. */
  async changesSince(since: number): Promise<InitiativeStateChange[]> {
    const rows = await this.db('quality_initiative_state_changes')
      .where('changed_at', '>=', since)
      .orderBy(['changed_at', 'id'])
      .select();
    return rows.map(row => ({
      initiativeId: row.initiative_id,
      groupRef: row.group_ref,
      from: row.from_state,
      to: row.to_state,
      changedAt: toNumber(row.changed_at),
      value: toNullableNumber(row.value),
      expected: toNullableNumber(row.expected),
    }));
  }
}
