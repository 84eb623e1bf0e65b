/** A demo shop: one row of `shops` plus the home country its customers mostly come from. */
export interface DemoShop {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly currency: string;
  readonly timezone: string;
  /** ISO 3166-1 alpha-2 country most customers ship to. */
  readonly homeCountry: string;
  /** Upper-case prefix of the shop's order numbers, e.g. `ACME` in `ACME-000123`. */
  readonly orderPrefix: string;
}

type ShopTemplate = Omit<DemoShop, 'id' | 'orderPrefix'>;

/**
 * The first shops, always present. Listed (and so inserted) out of slug order on purpose: exporters must sort.
 */
const FIXED_SHOPS: readonly ShopTemplate[] = [
  { slug: 'acme', name: 'ACME Versand GmbH', currency: 'EUR', timezone: 'Europe/Berlin', homeCountry: 'DE' },
  { slug: 'globex', name: 'Globex Corporation', currency: 'USD', timezone: 'America/New_York', homeCountry: 'US' },
  { slug: 'initech', name: 'Initech 株式会社', currency: 'JPY', timezone: 'Asia/Tokyo', homeCountry: 'JP' },
  { slug: 'umbrella', name: 'Umbrella Kuwait W.L.L.', currency: 'KWD', timezone: 'Asia/Kuwait', homeCountry: 'KW' },
  { slug: 'wonka', name: 'Wonka 巧克力 (上海)', currency: 'CNY', timezone: 'Asia/Shanghai', homeCountry: 'CN' },
  { slug: 'stark', name: 'Stark & Sons Ltd', currency: 'GBP', timezone: 'Europe/London', homeCountry: 'GB' },
];

/** Currency and zone pairs the generated shops cycle through, including the odd offsets (+05:30, +05:45, +09:30). */
type ShopLocale = Omit<ShopTemplate, 'slug' | 'name'>;

const GENERATED_LOCALES: readonly ShopLocale[] = [
  { currency: 'CHF', timezone: 'Europe/Zurich', homeCountry: 'CH' },
  { currency: 'AUD', timezone: 'Australia/Sydney', homeCountry: 'AU' },
  { currency: 'INR', timezone: 'Asia/Kolkata', homeCountry: 'IN' },
  { currency: 'BHD', timezone: 'Asia/Bahrain', homeCountry: 'BH' },
  { currency: 'EUR', timezone: 'Europe/Paris', homeCountry: 'FR' },
  { currency: 'USD', timezone: 'America/Los_Angeles', homeCountry: 'US' },
  { currency: 'NZD', timezone: 'Pacific/Auckland', homeCountry: 'NZ' },
  { currency: 'NPR', timezone: 'Asia/Kathmandu', homeCountry: 'NP' },
  { currency: 'AUD', timezone: 'Australia/Adelaide', homeCountry: 'AU' },
  { currency: 'CAD', timezone: 'America/St_Johns', homeCountry: 'CA' },
  { currency: 'SEK', timezone: 'Europe/Stockholm', homeCountry: 'SE' },
  { currency: 'BRL', timezone: 'America/Sao_Paulo', homeCountry: 'BR' },
  { currency: 'JPY', timezone: 'Asia/Tokyo', homeCountry: 'JP' },
  { currency: 'EUR', timezone: 'Europe/Warsaw', homeCountry: 'PL' },
  { currency: 'USD', timezone: 'America/Chicago', homeCountry: 'US' },
];

const NAME_WORDS: readonly string[] = ['Nordlicht', 'Café Olé', 'Blue Harbour', 'Sakura', 'Fjällbacka', 'Ōtsuka'];

/** The demo's shops with ids 1..count: the fixed ones first, then `shop-007`, `shop-008`, ... */
export function demoShops(count: number): DemoShop[] {
  const shops: DemoShop[] = [];
  for (let index = 0; index < count; index += 1) {
    const template = FIXED_SHOPS[index] ?? generatedShop(index + 1);
    shops.push({ ...template, id: index + 1, orderPrefix: template.slug.toUpperCase() });
  }
  return shops;
}

function generatedShop(id: number): ShopTemplate {
  const locale = GENERATED_LOCALES[id % GENERATED_LOCALES.length] as ShopLocale;
  const number = String(id).padStart(3, '0');
  const word = NAME_WORDS[id % NAME_WORDS.length] as string;
  return { ...locale, slug: `shop-${number}`, name: `${word} Store ${number}` };
}
