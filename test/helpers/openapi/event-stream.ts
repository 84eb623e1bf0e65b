/** One server-sent event, as the fields of its lines (`data` parsed as JSON when it is JSON). */
export type StreamEvent = Record<string, unknown>;

/**
 * The complete events of an event stream (text/event-stream, WHATWG HTML §9.2): fields `name: value`, events ended by
 * a blank line, comment lines (`:`) skipped; an event cut off at the end of the text is left out.
 */
export function parseEventStream(text: string): StreamEvent[] {
  const events: StreamEvent[] = [];
  const blocks = text.replace(/\r\n?/g, '\n').split('\n\n');
  blocks.pop(); // the text after the last blank line: empty, or an unfinished event
  for (const block of blocks) {
    const event: StreamEvent = {};
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const name = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (name === 'data') data.push(value);
      else event[name] = name === 'retry' ? Number(value) : value;
    }
    if (data.length > 0) event['data'] = jsonOrText(data.join('\n'));
    if (Object.keys(event).length > 0) events.push(event);
  }
  return events;
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
