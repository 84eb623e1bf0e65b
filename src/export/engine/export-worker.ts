/**
 * Entry point of an export worker thread (see worker-exporter.ts): serves exports of the source database named in
 * `workerData.sourcePath` over the parent port, and has their workbooks written by the main thread.
 */
import { existsSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { OrdersSource } from '../../source/orders-source.js';
import { ExportService } from './export-service.js';
import type { ToWorker } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('export-worker.js runs only as a worker thread');
const { sourcePath } = workerData as { sourcePath: string };
// A spooled workbook crosses threads as /dev/fd/N (Linux, macOS); elsewhere each XLSX reads its rows again.
const workbooks = existsSync('/dev/fd');
const service = new ExportService(new OrdersSource(sourcePath), (message, transfer) => port.postMessage(message, transfer), { workbooks });
port.on('message', (message: ToWorker) => service.handle(message));
