import type { SeededRandom } from '../../src/source/demo/random.js';

const NAMES = ['shops', 'from', 'to', 'status', 'formats', 'bom', 'shop', 'Shops', 'shops[]', '', '__proto__', 'constructor', 'x'.repeat(300), 'ünï', 'a b'];
const SLUGS = ['acme', 'globex', 'nope', 'ACME', '../etc', '%2e%2e%2f', 'a'.repeat(64), 'a'.repeat(65), '', ',', ',,acme,,', ' acme ', 'ac me', 'ácme', '😀', '\u0000', '%00', 'acme;drop table shops', "acme' OR '1'='1"];
const DATES = ['2026-01-01', '2026-02-30', '2026-1-1', '0000-01-01', '9999-12-31', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00+14:00', '2026-01-01T24:00:00Z',
  '2026-01-01T00:00:00', '2026-01-01T00:00:00.123456789-05:30', '2026-01-01T00:00:00+99:99', 'yesterday', '', '1e9', '-1', '2026-01-01T00:00:00.' + '9'.repeat(400) + 'Z', '２０２６-01-01'];
const CHOICES = ['paid', 'shipped,paid', 'PAID', 'lost', '', 'csv', 'xlsx', 'csv,xlsx', 'pdf', 'csv,csv', 'true', 'false', '1', '0', 'yes', 'TRUE'];
const RAW = ['%', '%zz', '%E0%A4%A', '%FF%FE', '&&&', '=', '==', '#frag', '+', '%2B%2B'];

/** A random query string: mostly plausible parameters with hostile values, sometimes raw malformed bytes. */
export function randomQuery(random: SeededRandom): string {
  if (random.chance(0.2)) return validQuery(random);
  const parts: string[] = [];
  const count = random.integer(0, 6);
  for (let index = 0; index < count; index += 1) {
    if (random.chance(0.1)) {
      parts.push(random.pick(RAW));
      continue;
    }
    const name = random.chance(0.8) ? random.pick(['shops', 'from', 'to', 'status', 'formats', 'bom']) : random.pick(NAMES);
    parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(valueFor(name, random))}`);
  }
  return parts.join('&');
}

/** A well-formed request, so the fuzz also streams real ZIPs between the malformed ones. */
function validQuery(random: SeededRandom): string {
  const parts = [`shops=${random.pick(['acme', 'globex', 'acme,globex', 'globex,acme,acme'])}`];
  if (random.chance(0.5)) parts.push(`from=${random.pick(['2026-01-01', '2025-12-31T23:00:00Z', '2026-02-01'])}`);
  if (random.chance(0.5)) parts.push(`to=${random.pick(['2026-03-31', '2026-12-31T00:00:00-05:00'])}`);
  if (random.chance(0.3)) parts.push(`status=${random.pick(['paid', 'shipped,delivered'])}`);
  if (random.chance(0.3)) parts.push(`formats=${random.pick(['csv', 'xlsx'])}`);
  if (random.chance(0.2)) parts.push(`bom=${random.pick(['true', 'false', '0'])}`);
  return parts.join('&');
}

function valueFor(name: string, random: SeededRandom): string {
  if (name === 'shops') return Array.from({ length: random.integer(1, 3) }, () => random.pick(SLUGS)).join(',');
  if (name === 'from' || name === 'to') return random.pick(DATES);
  return random.pick(random.chance(0.7) ? CHOICES : [...SLUGS, ...DATES]);
}

/** A random JSON value, nested up to `depth`. */
function randomJson(random: SeededRandom, depth: number): unknown {
  const kind = random.integer(0, depth > 0 ? 7 : 4);
  switch (kind) {
    case 0: return null;
    case 1: return random.chance(0.5);
    case 2: return random.pick([0, -1, 1e308, 2 ** 53 + 1, 0.5, Number.MAX_SAFE_INTEGER]);
    case 3: return random.pick([...SLUGS, ...DATES, ...CHOICES]);
    case 4: return random.pick(['csv', 'xlsx', 'acme']);
    case 5: return Array.from({ length: random.integer(0, 4) }, () => randomJson(random, depth - 1));
    default: return Object.fromEntries(Array.from({ length: random.integer(0, 3) }, () => [random.pick(NAMES), randomJson(random, depth - 1)]));
  }
}

/** A random POST body and content type: objects with the real parameters and hostile values, or broken text. */
export function randomBody(random: SeededRandom): { body: string | Buffer; contentType: string } {
  const contentType = random.chance(0.9) ? 'application/json' : random.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', '']);
  const roll = random.next();
  if (roll < 0.1) return { contentType, body: random.pick(['{', '{"shops":', '[]', 'null', '"acme"', '{"shops":["acme"],}', '\uFEFF{}', '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}']) };
  if (roll < 0.15) return { contentType, body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) };
  const body: Record<string, unknown> = {};
  for (const name of ['shops', 'from', 'to', 'status', 'formats', 'bom']) {
    if (random.chance(0.5)) body[name] = random.chance(0.5) ? plausible(name, random) : randomJson(random, 3);
  }
  if (random.chance(0.1)) body[random.pick(NAMES)] = randomJson(random, 2);
  return { contentType, body: JSON.stringify(body) };
}

function plausible(name: string, random: SeededRandom): unknown {
  if (name === 'bom') return random.chance(0.5);
  if (name === 'from' || name === 'to') return random.pick(DATES);
  if (name === 'shops') return Array.from({ length: random.integer(0, 3) }, () => random.pick(SLUGS));
  return [random.pick(CHOICES)];
}
