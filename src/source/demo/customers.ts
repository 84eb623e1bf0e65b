import type { SeededRandom } from './random.js';

/** A name as written by its owner, and the ASCII spelling used for the e-mail address. */
interface NamePart {
  readonly display: string;
  readonly ascii: string;
}

/** People with a common naming convention, and the countries they ship to. */
interface Culture {
  readonly countries: readonly string[];
  readonly given: readonly NamePart[];
  readonly family: readonly NamePart[];
  /** Chinese names put the family name first with no space ("王芳"); Japanese ones first with a space. */
  readonly order: 'given-family' | 'family-given' | 'family-given-joined';
}

/** Parses `'Jürgen:juergen Anna:anna'` into name parts: compact to write, cheap to use. */
function parts(list: string): NamePart[] {
  return list.split(' ').map((entry) => {
    const [display = '', ascii = ''] = entry.split(':');
    return { display: display.replaceAll('_', ' '), ascii };
  });
}

const CULTURES: readonly Culture[] = [
  {
    countries: ['DE', 'AT', 'CH'],
    order: 'given-family',
    given: parts('Jürgen:juergen Anna:anna Lukas:lukas Käthe:kaethe Jörg:joerg Sophie:sophie Günther:guenther'),
    family: parts('Müller:mueller Schäfer:schaefer Weiß:weiss Groß:gross Becker:becker Köhler:koehler Öztürk:oeztuerk'),
  },
  {
    countries: ['US', 'GB', 'AU', 'NZ', 'CA', 'IE'],
    order: 'given-family',
    given: parts('Emma:emma James:james Zoë:zoe Seán:sean Olivia:olivia Liam:liam Renée:renee Chloé:chloe'),
    family: parts("Smith:smith O'Brien:obrien Nguyen:nguyen McAllister:mcallister Brontë:bronte Johnson:johnson"),
  },
  {
    countries: ['ES', 'MX', 'BR', 'PT', 'AR'],
    order: 'given-family',
    given: parts('José:jose María:maria João:joao Iñigo:inigo Lucía:lucia Begoña:begona Sebastián:sebastian'),
    family: parts(
      'Pérez:perez Núñez:nunez González:gonzalez Gonçalves:goncalves Assunção:assuncao García_López:garcia-lopez',
    ),
  },
  {
    countries: ['FR', 'BE', 'CA', 'CH'],
    order: 'given-family',
    given: parts('François:francois Hélène:helene Noël:noel Anaïs:anais Benoît:benoit Zoë:zoe'),
    family: parts('Lefèvre:lefevre Dubois:dubois Bérénger:berenger Château:chateau Moreau:moreau'),
  },
  {
    countries: ['DK', 'NO', 'SE', 'IS', 'FI'],
    order: 'given-family',
    given: parts('Søren:soren Ægir:aegir Åsa:asa Björn:bjorn Þóra:thora Jyrki:jyrki'),
    family: parts('Kierkegaard:kierkegaard Ødegård:odegard Åström:astrom Jónsdóttir:jonsdottir Mäkinen:makinen'),
  },
  {
    countries: ['PL', 'CZ', 'SK'],
    order: 'given-family',
    given: parts('Łukasz:lukasz Małgorzata:malgorzata Wojciech:wojciech Zdeněk:zdenek Jiřina:jirina'),
    family: parts('Wiśniewski:wisniewski Kowalczyk:kowalczyk Dvořák:dvorak Żółkiewska:zolkiewska Šťastný:stastny'),
  },
  {
    countries: ['RU', 'UA', 'BG', 'RS'],
    order: 'given-family',
    given: parts('Ольга:olga Дмитрий:dmitry Наталья:natalya Сергей:sergey Юлия:yulia'),
    family: parts('Иванова:ivanova Смирнов:smirnov Кузнецова:kuznetsova Попов:popov Шевченко:shevchenko'),
  },
  {
    countries: ['CN', 'TW', 'SG', 'HK'],
    order: 'family-given-joined',
    given: parts('芳:fang 伟:wei 秀英:xiuying 静:jing 强:qiang 丽娟:lijuan'),
    family: parts('王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang'),
  },
  {
    countries: ['JP'],
    order: 'family-given',
    given: parts('花子:hanako 翔太:shota 陽菜:hina 健一:kenichi さくら:sakura'),
    family: parts('佐藤:sato 鈴木:suzuki 高橋:takahashi 田中:tanaka 渡辺:watanabe'),
  },
  {
    countries: ['KW', 'BH', 'AE', 'SA', 'EG', 'JO'],
    order: 'given-family',
    given: parts('محمد:mohammed فاطمة:fatima أحمد:ahmed نور:noor ليلى:layla'),
    family: parts('العلي:alali الصباح:alsabah حسن:hassan الخليفة:alkhalifa منصور:mansour'),
  },
  {
    countries: ['IN', 'NP', 'LK'],
    order: 'given-family',
    given: parts('Priya:priya Arjun:arjun Aanya:aanya अनन्या:ananya Rohan:rohan'),
    family: parts('Sharma:sharma Patel:patel Iyer:iyer Shrestha:shrestha शर्मा:sharma'),
  },
];

const CULTURE_BY_COUNTRY = new Map<string, Culture>();
for (const culture of [...CULTURES].reverse()) {
  for (const country of culture.countries) CULTURE_BY_COUNTRY.set(country, culture);
}

const DOMAINS: readonly string[] = ['example.com', 'example.net', 'example.org', 'mail.example', 'post.example'];

/** One customer of an order. */
export interface DemoCustomer {
  readonly name: string;
  /** ASCII, derived from the name. */
  readonly email: string;
  /** ISO 3166-1 alpha-2 country of the customer's culture. */
  readonly country: string;
}

/** A customer, most of the time (70 %) from the shop's home country, otherwise from anywhere. */
export function demoCustomer(random: SeededRandom, homeCountry: string): DemoCustomer {
  const home = CULTURE_BY_COUNTRY.get(homeCountry);
  const culture = home !== undefined && random.chance(0.7) ? home : random.pick(CULTURES);
  const country = culture === home ? homeCountry : random.pick(culture.countries);
  const given = random.pick(culture.given);
  const family = random.pick(culture.family);
  const suffix = random.chance(0.5) ? String(random.integer(1, 99)) : '';
  const email = `${given.ascii}.${family.ascii}${suffix}@${random.pick(DOMAINS)}`;
  return { name: fullName(culture, given, family), email, country };
}

function fullName(culture: Culture, given: NamePart, family: NamePart): string {
  if (culture.order === 'family-given-joined') return family.display + given.display;
  if (culture.order === 'family-given') return `${family.display} ${given.display}`;
  return `${given.display} ${family.display}`;
}
