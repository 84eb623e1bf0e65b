export { createXlsxStream } from './xlsx-stream.js';
export { MAX_ROWS_PER_SHEET } from './options.js';
export type {
  CreateXlsxStream,
  XlsxCell,
  XlsxColumn,
  XlsxColumnKind,
  XlsxSheetLayout,
  XlsxSheetSource,
  XlsxWorkbookLayout,
  XlsxWorkbookOptions,
} from './types.js';
