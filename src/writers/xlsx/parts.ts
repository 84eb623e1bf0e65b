import { columnLetters } from './cells.js';
import { escapeAttribute } from './escape.js';
import {
  CONTENT_TYPES_NAMESPACE,
  PACKAGE_RELATIONSHIPS_NAMESPACE,
  RELATIONSHIPS_NAMESPACE,
  SPREADSHEET_NAMESPACE,
  XML_DECLARATION,
} from './namespaces.js';
import { quoteSheetName } from './sheet-names.js';

/** A worksheet as written: what the workbook part needs to know about it. */
export interface WrittenSheet {
  readonly name: string;
  readonly columnCount: number;
  /** Last row number, header included (1 for a sheet holding the header only). */
  readonly lastRow: number;
}

const RELATIONSHIP_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

/** Zip entry name of the `number`-th worksheet (1-based). */
export function worksheetPath(number: number): string {
  return `xl/worksheets/sheet${number}.xml`;
}

/** `[Content_Types].xml`: the content type of every part. */
export function contentTypesXml(sheetCount: number): string {
  const worksheets = Array.from(
    { length: sheetCount },
    (_, index) => `<Override PartName="/${worksheetPath(index + 1)}" ContentType="${CONTENT_TYPE}.worksheet+xml"/>`,
  );
  return (
    XML_DECLARATION +
    `<Types xmlns="${CONTENT_TYPES_NAMESPACE}">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${CONTENT_TYPE}.sheet.main+xml"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="${CONTENT_TYPE}.styles+xml"/>` +
    worksheets.join('') +
    '</Types>'
  );
}

/** `_rels/.rels`: the package's main part is the workbook. */
export function packageRelationshipsXml(): string {
  return (
    XML_DECLARATION +
    `<Relationships xmlns="${PACKAGE_RELATIONSHIPS_NAMESPACE}">` +
    `<Relationship Id="rId1" Type="${RELATIONSHIP_TYPE}/officeDocument" Target="xl/workbook.xml"/>` +
    '</Relationships>'
  );
}

/** `xl/_rels/workbook.xml.rels`: worksheets are `rId1`..`rIdN`, styles come last. */
export function workbookRelationshipsXml(sheetCount: number): string {
  const worksheets = Array.from({ length: sheetCount }, (_, index) => {
    const number = index + 1;
    return `<Relationship Id="rId${number}" Type="${RELATIONSHIP_TYPE}/worksheet" Target="worksheets/sheet${number}.xml"/>`;
  });
  return (
    XML_DECLARATION +
    `<Relationships xmlns="${PACKAGE_RELATIONSHIPS_NAMESPACE}">` +
    worksheets.join('') +
    `<Relationship Id="rId${sheetCount + 1}" Type="${RELATIONSHIP_TYPE}/styles" Target="styles.xml"/>` +
    '</Relationships>'
  );
}

/** The hidden `_xlnm._FilterDatabase` name Excel keeps for each sheet's autofilter. */
function filterDatabaseName(sheet: WrittenSheet, index: number): string {
  const lastColumn = columnLetters(sheet.columnCount - 1);
  const reference = `${quoteSheetName(sheet.name)}!$A$1:$${lastColumn}$${sheet.lastRow}`;
  const attributes = `name="_xlnm._FilterDatabase" localSheetId="${index}" hidden="1"`;
  return `<definedName ${attributes}>${escapeAttribute(reference)}</definedName>`;
}

/** `xl/workbook.xml`: the sheets in order, the first one active, and each sheet's filter database name. */
export function workbookXml(sheets: readonly WrittenSheet[]): string {
  const entries = sheets.map(
    (sheet, index) => `<sheet name="${escapeAttribute(sheet.name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`,
  );
  return (
    XML_DECLARATION +
    `<workbook xmlns="${SPREADSHEET_NAMESPACE}" xmlns:r="${RELATIONSHIPS_NAMESPACE}">` +
    '<bookViews><workbookView activeTab="0"/></bookViews>' +
    `<sheets>${entries.join('')}</sheets>` +
    `<definedNames>${sheets.map(filterDatabaseName).join('')}</definedNames>` +
    '</workbook>'
  );
}
