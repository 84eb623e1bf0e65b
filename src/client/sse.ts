/** One Server-Sent Event, as the WHATWG HTML standard's event stream parser dispatches it. */
export interface ServerSentEvent {
  /** The `event:` field, or `message` when there was none. */
  readonly event: string;
  /** The `data:` lines, joined with a newline. */
  readonly data: string;
  /** The last event id seen so far on this stream (ids persist across events), if any. */
  readonly id: string | undefined;
}

/**
 * An incremental `text/event-stream` parser (https://html.spec.whatwg.org/multipage/server-sent-events.html): feed
 * it decoded text as it arrives, in pieces of any size; it returns the events each piece completes. Used where
 * `EventSource` cannot serve, because it cannot send an `Authorization` header.
 */
export class SseParser {
  #pending = '';
  #afterCr = false;
  #data: string[] = [];
  #event = '';
  #id: string | undefined;
  #retryMs: number | undefined;

  /** The last `retry:` the server asked for, in milliseconds. */
  get retryMs(): number | undefined {
    return this.#retryMs;
  }

  /** Parses the next piece of the stream. */
  push(text: string): ServerSentEvent[] {
    // A CR that ended the previous piece ended a line; an LF that starts this one is the rest of that CRLF.
    const input = this.#afterCr && text.startsWith('\n') ? text.slice(1) : text;
    if (input !== '') this.#afterCr = input.endsWith('\r');
    const lines = (this.#pending + input).split(/\r\n|\r|\n/);
    this.#pending = lines.pop() ?? '';
    const events: ServerSentEvent[] = [];
    for (const line of lines) {
      const event = this.#line(line);
      if (event !== null) events.push(event);
    }
    return events;
  }

  #line(line: string): ServerSentEvent | null {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#event = value;
    else if (field === 'id' && !value.includes('\0')) this.#id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.#retryMs = Number(value);
    return null;
  }

  #dispatch(): ServerSentEvent | null {
    const event = this.#data.length === 0 ? null : { event: this.#event || 'message', data: this.#data.join('\n'), id: this.#id };
    this.#data = [];
    this.#event = '';
    return event;
  }
}
