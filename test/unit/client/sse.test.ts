import { expect } from 'chai';
import { SseParser, type ServerSentEvent } from '../../../src/client/sse.js';

/** Feeds the text in pieces cut at the given offsets. */
function parse(text: string, cuts: readonly number[] = []): { events: ServerSentEvent[]; parser: SseParser } {
  const parser = new SseParser();
  const events: ServerSentEvent[] = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    events.push(...parser.push(text.slice(from, cut)));
    from = cut;
  }
  return { events, parser };
}

describe('SSE parser (the clients\' reading of a job\'s event stream)', () => {
  const stream = 'retry: 1500\r\n: keep-alive\r\nid: 1\r\nevent: job\r\ndata: {"a":1}\r\n\r\nid: 2\ndata: line one\ndata: line two\n\n: comment\n\ndata:no space\r\r';

  it('reads events, names, ids, multi-line data and retry, and skips comments', () => {
    const { events, parser } = parse(stream);
    expect(events).to.deep.equal([
      { event: 'job', data: '{"a":1}', id: '1' },
      { event: 'message', data: 'line one\nline two', id: '2' },
      { event: 'message', data: 'no space', id: '2' },
    ]);
    expect(parser.retryMs).to.equal(1500);
  });

  it('gives the same events however the stream is cut, a CRLF split in two included', () => {
    const whole = parse(stream).events;
    for (let cut = 1; cut < stream.length; cut += 1) {
      expect(parse(stream, [cut]).events, `cut at ${cut}`).to.deep.equal(whole);
    }
    expect(parse(stream, Array.from({ length: stream.length - 1 }, (_, index) => index + 1)).events).to.deep.equal(whole);
  });

  it('dispatches nothing for an event not yet ended by a blank line, nor for one without data', () => {
    expect(parse('id: 7\nevent: job\n\n').events).to.deep.equal([]);
    expect(parse('data: unfinished\n').events).to.deep.equal([]);
  });

  it('ignores an id holding NUL and a retry that is not a number', () => {
    const { events, parser } = parse('id: 3\ndata: a\n\nid: 4\0\nretry: soon\ndata: b\n\n');
    expect(events.map((event) => event.id)).to.deep.equal(['3', '3']);
    expect(parser.retryMs).to.equal(undefined);
  });
});
