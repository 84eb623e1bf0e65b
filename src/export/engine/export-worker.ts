/**
 * Entry point of an export worker thread (see worker-exporter.ts): serves exports of the orders database that
 * `workerData.source` names over the parent port, and has their workbooks written by the main thread.
 */
import { existsSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { openOrdersSource, type SourceSpec } from '../../source/open-source.js';
import { ExportService } from './export-service.js';
import type { ToWorker } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('export-worker.js runs only as a worker thread');
const { source } = workerData as { source: SourceSpec };
// A spooled workbook crosses threads as /dev/fd/N (Linux, macOS); elsewhere each XLSX reads its rows again.
const workbooks = existsSync('/dev/fd');
// Messages wait in the port until the source is open: the listener is added after.
const service = new ExportService(await openOrdersSource(source), (message, transfer) => port.postMessage(message, transfer), { workbooks });
port.on('message', (message: ToWorker) => service.handle(message));
