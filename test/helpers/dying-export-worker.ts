/**
 * An export worker that serves like the real one (export-worker.ts) but exits, as a crash would, when asked for
 * the third chunk of an export: for tests of what a lost worker does to its downloads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ExportService } from '../../src/export/engine/export-service.js';
import type { ToWorker } from '../../src/export/engine/protocol.js';
import { openOrdersSource, type SourceSpec } from '../../src/source/open-source.js';

const port = parentPort!;
const service = new ExportService(await openOrdersSource((workerData as { source: SourceSpec }).source), (message, transfer) => port.postMessage(message, transfer));
let reads = 0;
port.on('message', (message: ToWorker) => {
  if (message.kind === 'read' && (reads += 1) === 3) process.exit(3);
  service.handle(message);
});
