import { Knex } from 'knex';

/** Where a pulse goes: the squad's notifications or its Slack channel. */
export type PulseChannel = 'notification' | 'slack';

/**
 * The pulses claimed per (squad, squad-local day, channel). A row is claimed
 * before sending, so two instances never both send, and released when sending
 * fails, so the next run retries.
 */
export class PulseDeliveryStore {
  constructor(private readonly db: Knex) {}

  /** `groupRef channel` of every delivery already claimed for the day. */
  async claimedOn(localDate: string): Promise<Set<string>> {
    const rows = await this.db('quality_pulse_deliveries')
      .where('local_date', localDate)
      .select('group_ref', 'channel');
    return new Set(rows.map(row => `${row.group_ref} ${row.channel}`));
  }

  /** Inserts the delivery row; false when another run already has it. */
  async claim(
    groupRef: string,
    localDate: string,
    channel: PulseChannel,
    now: number,
  ): Promise<boolean> {
    try {
      await this.db('quality_pulse_deliveries').insert({
        group_ref: groupRef,
        local_date: localDate,
        channel,
        sent_at: now,
      });
      return true;
    } catch (error) {
      const existing = await this.db('quality_pulse_deliveries')
        .where({ group_ref: groupRef, local_date: localDate, channel })
        .first();
      if (existing) {
        return false;
      }
      throw error;
    }
  }

  /** Gives a claim back after a failed send. */
  async release(
    groupRef: string,
    localDate: string,
    channel: PulseChannel,
  ): Promise<void> {
    await this.db('quality_pulse_deliveries')
      .where({ group_ref: groupRef, local_date: localDate, channel })
      .delete();
  }
}
