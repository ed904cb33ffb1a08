import { BugHistory } from './bugHistory';

const REF = 'component:default/payments-api';
const at = (minute: number) => Date.UTC(2026, 0, 1, 0, minute);

describe('BugHistory', () => {
  it('adds an entry only when the status or severity changes', () => {
    const history = new BugHistory(REF, at(0), {
      status: 'open',
      severity: 'P2',
    });
    history.record(at(5), { status: 'open', severity: 'P2' });
    history.record(at(10), { status: 'open', severity: 'P1' });
    history.record(at(20), { status: 'closed', severity: 'P1' });
    expect(history.entries).toEqual([
      { at: new Date(at(0)), status: 'open', severity: 'P2', entityRef: REF },
      { at: new Date(at(10)), status: 'open', severity: 'P1', entityRef: REF },
      {
        at: new Date(at(20)),
        status: 'closed',
        severity: 'P1',
        entityRef: REF,
      },
    ]);
  });

  it('makes one entry of changes at one instant, and none of a change undone in it', () => {
    const history = new BugHistory(REF, at(0), {
      status: 'open',
      severity: 'P3',
    });
    history.record(at(3), { status: 'open', severity: 'P1' });
    // A label swapped: severity removed, then another added, in the same second.
    history.record(at(5), { status: 'open', severity: 'unclassified' });
    history.record(at(5), { status: 'open', severity: 'P2' });
    history.record(at(7), { status: 'closed', severity: 'P2' });
    history.record(at(7), { status: 'open', severity: 'P2' });
    expect(history.entries).toEqual([
      { at: new Date(at(0)), status: 'open', severity: 'P3', entityRef: REF },
      { at: new Date(at(3)), status: 'open', severity: 'P1', entityRef: REF },
      { at: new Date(at(5)), status: 'open', severity: 'P2', entityRef: REF },
    ]);
  });

  it('takes the labels set at creation into the opening', () => {
    const history = new BugHistory(REF, at(0), {
      status: 'open',
      severity: 'unclassified',
    });
    history.record(at(0), { status: 'open', severity: 'P2' });
    expect(history.entries).toEqual([
      { at: new Date(at(0)), status: 'open', severity: 'P2', entityRef: REF },
    ]);
  });

  it('keeps the opening first: a bug closed the instant it was opened is both', () => {
    const history = new BugHistory(REF, at(0), {
      status: 'open',
      severity: 'P2',
    });
    history.record(at(0), { status: 'closed', severity: 'P2' });
    expect(history.entries.map(e => [e.at.getTime(), e.status])).toEqual([
      [at(0), 'open'],
      [at(0), 'closed'],
    ]);
  });

  it('never places an entry before the one it follows', () => {
    const history = new BugHistory(REF, at(30), {
      status: 'open',
      severity: 'P2',
    });
    history.record(at(40), { status: 'closed', severity: 'P2' });
    // A change log entry stamped a little earlier than the closing it follows.
    history.record(at(39), { status: 'open', severity: 'P2' });
    expect(history.entries.map(e => [e.at.getTime(), e.status])).toEqual([
      [at(30), 'open'],
    ]);
    history.record(at(50), { status: 'closed', severity: 'P2' });
    expect(history.entries.map(e => e.at.getTime())).toEqual([at(30), at(50)]);
  });
});
