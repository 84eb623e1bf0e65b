import { expect } from 'chai';
import { isRowWait, type Pulled } from '../../../src/row-wait.js';
import type { QueryEnd } from '../../../src/source/snapshot.js';
import { trackedRows, type CursorContext, type RowReader } from '../../../src/source/tracked-rows.js';

/** What a reader hands out, in order: rows (numbers), and `'wait'` where it has to wait for more. */
type Script = readonly (number | 'wait')[];

interface Observed {
  readonly context: CursorContext;
  readonly reports: number[];
  readonly events: string[];
  readonly ends: QueryEnd[];
  /** How often the reader was closed, and how many values it handed out. */
  readonly reader: { closed: number; handedOut: number; opened: number };
}

/** A cursor context that records what the snapshot and the query's observer are told. */
function observed(): Observed {
  const reports: number[] = [];
  const events: string[] = [];
  const ends: QueryEnd[] = [];
  const context: CursorContext = {
    system: 'postgresql',
    events: {
      cursorOpened: () => events.push('opened'),
      rowsRead: (count) => reports.push(count),
      cursorClosed: () => events.push('closed'),
      closed: () => events.push('snapshot closed'),
    },
    onQuery: (table, system) => {
      events.push(`query ${table} on ${system}`);
      return (end) => ends.push(end);
    },
    open: new Set(),
  };
  return { context, reports, events, ends, reader: { closed: 0, handedOut: 0, opened: 0 } };
}

/** A reader that follows the script, then ends (or throws `failure` where the script ends, if given). */
function scripted(script: Script, counts: Observed['reader'], failure?: Error): () => RowReader<number> {
  return () => {
    counts.opened += 1;
    let index = 0;
    return {
      next: (): Pulled<number> | undefined => {
        if (index === script.length) {
          if (failure !== undefined) throw failure;
          return undefined;
        }
        const value = script[index++]!;
        counts.handedOut += 1;
        return value === 'wait' ? Promise.resolve() : value;
      },
      close: () => { counts.closed += 1; },
    };
  };
}

/** Everything the generator yields, waits as `'wait'`, and what it threw. */
function drain(rows: Generator<Pulled<number>, void, undefined>, limit = Infinity): { values: (number | 'wait')[]; error: unknown } {
  const values: (number | 'wait')[] = [];
  try {
    for (const value of rows) {
      values.push(isRowWait(value) ? 'wait' : value);
      if (values.length >= limit) break;
    }
  } catch (error) {
    return { values, error };
  }
  return { values, error: undefined };
}

const rowsUpTo = (count: number, from = 0): number[] => Array.from({ length: count }, (_, index) => from + index);
const signal = (): AbortSignal => new AbortController().signal;

describe('trackedRows: the rows of one query, with its bookkeeping', () => {
  it('yields the rows in order with every wait where the reader gave it, also next to a batch of 64', () => {
    const script: Script = [...rowsUpTo(63), 'wait', ...rowsUpTo(1, 63), 'wait', 'wait', ...rowsUpTo(200, 64), 'wait', ...rowsUpTo(2000, 264), 'wait'];
    const seen = observed();
    const { values, error } = drain(trackedRows(seen.context, 'orders', scripted(script, seen.reader), signal()));
    expect(error).to.equal(undefined);
    expect(values).to.deep.equal(script);
    expect(seen.reader.closed).to.equal(1);
    expect(seen.events).to.deep.equal(['opened', 'query orders on postgresql', 'closed']);
    expect(seen.ends).to.have.length(1);
    expect(seen.ends[0]).to.include({ rows: 2264 }).and.not.have.property('error');
  });

  it('reports the rows read every 1,024 rows and the rest when the cursor closes', () => {
    const seen = observed();
    drain(trackedRows(seen.context, 'order_items', scripted(rowsUpTo(2500), seen.reader), signal()));
    expect(seen.reports).to.deep.equal([1024, 1024, 452]);
    expect(seen.ends[0]).to.include({ rows: 2500 });
  });

  for (const failAfter of [0, 10, 64, 100, 1500]) {
    it(`yields the ${failAfter} rows a failing reader gave, then throws its error, and tells the query's observer`, () => {
      const seen = observed();
      const failure = new Error('connection lost');
      const script = failAfter === 100 ? [...rowsUpTo(50), 'wait' as const, ...rowsUpTo(50, 50)] : rowsUpTo(failAfter);
      const { values, error } = drain(trackedRows(seen.context, 'orders', scripted(script, seen.reader, failure), signal()));
      expect(values).to.deep.equal(script);
      expect(error).to.equal(failure);
      expect(seen.reader.closed).to.equal(1);
      expect(seen.events.at(-1)).to.equal('closed');
      expect(seen.ends).to.have.length(1);
      expect(seen.ends[0]).to.include({ rows: failAfter, error: failure });
      expect(seen.reports.reduce((sum, count) => sum + count, 0)).to.equal(failAfter);
    });
  }

  it('fails before opening the cursor when the signal is already aborted', () => {
    const seen = observed();
    const controller = new AbortController();
    controller.abort(new Error('client went away'));
    const { values, error } = drain(trackedRows(seen.context, 'orders', scripted(rowsUpTo(10), seen.reader), controller.signal));
    expect(values).to.deep.equal([]);
    expect((error as Error).message).to.equal('client went away');
    expect(seen.reader.opened).to.equal(0);
    expect(seen.events).to.deep.equal([]);
  });

  it('stops within the next 1,024 rows once the signal aborts mid-read, and closes the cursor', () => {
    const seen = observed();
    const controller = new AbortController();
    const rows = trackedRows(seen.context, 'orders', scripted(rowsUpTo(10_000), seen.reader), controller.signal);
    const values: number[] = [];
    let failure: unknown;
    try {
      for (const value of rows) {
        values.push(value as number);
        if (values.length === 10) controller.abort(new Error('client went away'));
      }
    } catch (error) {
      failure = error;
    }
    expect((failure as Error).message).to.equal('client went away');
    expect(values).to.deep.equal(rowsUpTo(values.length));
    expect(values.length).to.be.at.least(10).and.at.most(1024);
    expect(seen.reader.closed).to.equal(1);
    expect(seen.events.at(-1)).to.equal('closed');
    // The row whose count found the abort was read, not given: the observer and the reports count rows read.
    expect(seen.ends).to.have.length(1);
    expect(seen.ends[0]!.rows).to.be.within(values.length, values.length + 1);
    expect(seen.reports.reduce((sum, count) => sum + count, 0)).to.equal(seen.ends[0]!.rows);
  });

  it('closes the cursor and tells the rows given when the export stops early, and forgets the open cursor', () => {
    const seen = observed();
    const rows = trackedRows(seen.context, 'orders', scripted(rowsUpTo(500), seen.reader), signal());
    expect(seen.context.open.has(rows)).to.equal(true);
    expect(seen.reader.opened, 'opened on the first pull, not before').to.equal(0);
    expect(drain(rows, 70).values).to.deep.equal(rowsUpTo(70));
    expect(seen.reader.closed).to.equal(1);
    expect(seen.context.open.size).to.equal(0);
    expect(seen.ends[0]).to.include({ rows: 70 });
    expect(seen.reports.reduce((sum, count) => sum + count, 0)).to.equal(70);
  });
});
