import { Knex } from 'knex';
import { BudgetState } from '@quality-pulse/plugin-quality-common';

export interface BudgetTransition {
  groupRef: string;
  from: BudgetState;
  to: BudgetState;
}

/** The budget state each squad was last notified in. */
export class BudgetStateStore {
  constructor(private readonly db: Knex) {}

  /**
   * Records the budget state each squad is in and returns the transitions this
   * caller won. A squad never seen before starts from `within`, so a squad that
   * is already breached when the suite is installed hears about it once.
   *
   * Each change is a compare-and-set (`UPDATE … WHERE state = <old>`): when two
   * backend instances evaluate at the same time, exactly one of them updates
   * the row and sends the notification; the other sees no row changed.
   */
  async claimTransitions(
    states: Array<{ groupRef: string; state: BudgetState }>,
    now: number,
  ): Promise<BudgetTransition[]> {
    if (states.length === 0) {
      return [];
    }
    for (let i = 0; i < states.length; i += 500) {
      await this.db('quality_budget_states')
        .insert(
          states.slice(i, i + 500).map(({ groupRef }) => ({
            group_ref: groupRef,
            state: 'within',
            changed_at: now,
          })),
        )
        .onConflict('group_ref')
        .ignore();
    }
    const known = new Map<string, BudgetState>();
    for (let i = 0; i < states.length; i += 500) {
      const rows = await this.db('quality_budget_states')
        .whereIn(
          'group_ref',
          states.slice(i, i + 500).map(s => s.groupRef),
        )
        .select('group_ref', 'state');
      rows.forEach(row => known.set(row.group_ref, row.state));
    }

    const won: BudgetTransition[] = [];
    for (const { groupRef, state } of states) {
      const from = known.get(groupRef) ?? 'within';
      if (from === state) {
        continue;
      }
      const updated = await this.db('quality_budget_states')
        .where({ group_ref: groupRef, state: from })
        .update({ state, changed_at: now });
      if (updated === 1) {
        won.push({ groupRef, from, to: state });
      }
    }
    return won;
  }

  /**
   * Puts a squad back in the state it was in when its notification could not be
   * sent, so that the next evaluation tries again instead of losing it.
   */
  async release(transition: BudgetTransition): Promise<void> {
    await this.db('quality_budget_states')
      .where({ group_ref: transition.groupRef, state: transition.to })
      .update({ state: transition.from });
  }
}
