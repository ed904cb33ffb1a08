import { BugHistoryEntry } from '../items';

/**
 * A bug's history built from a tracker's change log, oldest first: an entry
 * each time the status or severity changes. Changes of one instant (a label
 * swapped) make one entry, and an entry is never
 * earlier than the one before (a change log's clocks and orderings can
 * disagree by milliseconds).
 *
 * @public
 */
export class BugHistory {
  readonly entries: BugHistoryEntry[];

  constructor(
    private readonly entityRef: string,
    createdAt: number,
    state: Pick<BugHistoryEntry, 'status' | 'severity'>,
  ) {
    this.entries = [{ at: new Date(createdAt), ...state, entityRef }];
  }

  /** The bug's state from `at` on. */
  record(at: number, state: Pick<BugHistoryEntry, 'status' | 'severity'>) {
    const history = this.entries;
    const last = history[history.length - 1];
    if (last.status === state.status && last.severity === state.severity) {
      return;
    }
    // Changes of one instant merge, but the opening stays an opening: a bug
    // closed the instant it was opened is both entries.
    const opening = history.length === 1;
    if (at <= last.at.getTime() && (!opening || state.status === 'open')) {
      Object.assign(last, state);
      const before = history[history.length - 2];
      if (
        before &&
        before.status === state.status &&
        before.severity === state.severity
      ) {
        history.pop();
      }
      return;
    }
    history.push({
      at: new Date(Math.max(at, last.at.getTime())),
      ...state,
      entityRef: this.entityRef,
    });
  }
}
