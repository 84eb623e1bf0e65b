/**
 * Entry point of an export worker thread (see worker-exporter.ts): serves exports of the source database named in
 * `workerData.sourcePath` over the parent port, and has their workbooks written by the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { OrdersSource } from '../../source/orders-source.js';
import { ExportService } from './export-service.js';
import type { ToWorker } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('export-worker.js runs only as a worker thread');
const { sourcePath } = workerData as { sourcePath: string };
const service = new ExportService(new OrdersSource(sourcePath), (message, transfer) => port.postMessage(message, transfer), { workbooks: true });
port.on('message', (message: ToWorker) => service.handle(message));
