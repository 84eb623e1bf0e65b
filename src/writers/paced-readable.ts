import { Readable, type ReadableOptions } from 'node:stream';

/** Batches waiting for their turn, first come first served, across every paced stream of this thread. */
const turns: Array<() => void> = [];
/** First batches of streams, served before {@link turns}: a new download's first byte does not queue behind others. */
const firstTurns: Array<() => void> = [];
let turnScheduled = false;

/**
 * Runs the oldest waiting batch, then lets the event loop go round (I/O, timers, messages from other threads) before
 * the next: `setImmediate` from inside the check phase runs on the loop's next turn, so at most one batch of work
 * ever stands between an incoming request or message and its handler.
 */
function takeTurn(): void {
  turnScheduled = false;
  try {
    (firstTurns.shift() ?? turns.shift())?.();
  } finally {
    if (firstTurns.length > 0 || turns.length > 0) scheduleTurn();
  }
}

function scheduleTurn(): void {
  if (turnScheduled) return;
  turnScheduled = true;
  setImmediate(takeTurn);
}

function waitForTurn(batch: () => void, first = false): void {
  (first ? firstTurns : turns).push(batch);
  scheduleTurn();
}

/**
 * Resolves when it is the caller's turn among this thread's paced work (see {@link PacedReadable}): for a batch of
 * work that must not hold back I/O, done right after the await.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => waitForTurn(resolve));
}

/**
 * A Readable that produces each batch in its turn on the event loop's check phase instead of inside the `read()`
 * that asked for it. Paced streams take turns one batch at a time, with a full turn of the event loop between two
 * batches, so many busy exports neither hold back each other nor the first byte of the next one: a stream's first
 * batch goes before the waiting batches of streams already flowing.
 */
export abstract class PacedReadable extends Readable {
  #scheduled = false;
  #produced = false;

  constructor(options?: ReadableOptions) {
    super(options);
  }

  override _read(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    waitForTurn(() => {
      this.#scheduled = false;
      this.#produced = true;
      if (!this.destroyed) this.produce();
    }, !this.#produced);
  }

  /** Pushes the next batch (or ends the stream); errors must destroy the stream. */
  protected abstract produce(): void;

  /** Produces again once `wait` settles (a row source had no rows at hand); its rejection destroys the stream. */
  protected resumeAfter(wait: Promise<void>): void {
    wait.then(() => this._read(), (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))));
  }
}
