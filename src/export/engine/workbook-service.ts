import { close } from 'node:fs';
import type { XlsxCell, XlsxWorkbookLayout } from '../../writers/xlsx/index.js';
import { nextTurn } from '../../writers/paced-readable.js';
import { WorkbookSpool } from '../../writers/xlsx/workbook-spool.js';
import type { FromWorkbook, ToWorkbook } from './protocol.js';
import { toWire } from './wire-error.js';

/**
 * The workbook writer's side of its protocol (see protocol.ts), on the main thread, one per export worker: writes
 * each workbook with a {@link WorkbookSpool} from the rows of cells it is sent, and says where the finished file
 * is. The messages of one workbook are handled one after the other; `written` goes out once the spool can take more
 * rows. Each batch of rows is written in its own turn of the event loop (a fraction of a millisecond of work), so
 * HTTP and the ZIPs being written never wait behind more than one.
 */
export class WorkbookService {
  readonly #workbooks = new Map<number, ServedWorkbook>();

  /** `post` sends an answer to the export worker. Workbooks are spooled in the operating system's temporary directory. */
  constructor(private readonly post: (message: FromWorkbook) => void) {}

  /** Workbooks opened and not yet handed over, failed or destroyed. */
  get open(): number {
    return this.#workbooks.size;
  }

  handle(message: ToWorkbook): void {
    if (message.kind === 'open') {
      this.#open(message.id, message.layout);
      return;
    }
    const workbook = this.#workbooks.get(message.id);
    if (workbook === undefined) return; // failed already, or destroyed
    switch (message.kind) {
      case 'rows':
        workbook.enqueue(() => workbook.write(message.rows));
        return;
      case 'end-sheet':
        workbook.enqueue(() => workbook.endSheet());
        return;
      case 'take':
        workbook.enqueue(() => workbook.take());
        return;
      case 'destroy':
        this.#workbooks.delete(message.id);
        workbook.destroy();
    }
  }

  /** Destroys every workbook (their export worker is gone). */
  close(): void {
    for (const workbook of this.#workbooks.values()) workbook.destroy();
    this.#workbooks.clear();
  }

  #open(id: number, layout: XlsxWorkbookLayout): void {
    try {
      const workbook = new ServedWorkbook(id, layout, this.post, () => this.#workbooks.delete(id));
      this.#workbooks.set(id, workbook);
    } catch (error) {
      this.post({ kind: 'failed', id, error: toWire(error) });
    }
  }
}

class ServedWorkbook {
  readonly #spool: WorkbookSpool;
  #queue: Promise<void> = Promise.resolve();
  #ended = false;
  /** The written file, once taken from the spool: this thread's until `destroy` (after the export opened it). */
  #fd: number | undefined;

  constructor(
    private readonly id: number,
    layout: XlsxWorkbookLayout,
    private readonly post: (message: FromWorkbook) => void,
    private readonly onEnded: () => void,
  ) {
    this.#spool = new WorkbookSpool(layout);
  }

  enqueue(step: () => Promise<void> | void): void {
    this.#queue = this.#queue.then(async () => {
      if (this.#ended) return;
      try {
        await step();
      } catch (error) {
        if (this.#ended) return; // destroyed meanwhile: nobody waits for an answer
        this.#end({ kind: 'failed', id: this.id, error: toWire(error) });
      }
    });
  }

  /** Writes a batch in its turn on the event loop, so that the main thread's I/O goes on between batches. */
  async write(rows: readonly (readonly XlsxCell[])[]): Promise<void> {
    await nextTurn();
    if (this.#ended) return;
    for (const row of rows) this.#spool.write(row);
    await this.#spool.ready();
    if (!this.#ended) this.post({ kind: 'written', id: this.id });
  }

  endSheet(): void {
    this.#spool.endSheet();
  }

  /**
   * Tells the export where the complete workbook is. The descriptor stays this thread's, open until `destroy`:
   * the export opens the file anew through it (`/dev/fd/N`), so that each thread closes only what it opened (Node
   * closes a worker's files when it exits).
   */
  async take(): Promise<void> {
    const fd = await this.#spool.detach();
    if (this.#ended) {
      close(fd, () => undefined);
      return;
    }
    this.#fd = fd;
    this.post({ kind: 'spooled', id: this.id, fd });
  }

  destroy(): void {
    this.#ended = true;
    this.#spool.destroy();
    if (this.#fd !== undefined) close(this.#fd, () => undefined);
    this.#fd = undefined;
  }

  /** Sends the workbook's last message and forgets it; a failed spool has freed its file itself. */
  #end(last: FromWorkbook): void {
    this.#ended = true;
    this.onEnded();
    this.#spool.destroy();
    this.post(last);
  }
}
