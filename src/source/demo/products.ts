import { currencyProfile, localPrice } from './currencies.js';

/** One thing a demo shop sells. */
export interface DemoProduct {
  readonly sku: string;
  readonly title: string;
  /** Price in US cents, scaled into each shop's currency by `priceList`. */
  readonly dollarCents: number;
}

/** `SKU|title|price in US cents`; some titles carry commas, quotes and non-ASCII on purpose. */
const BASE_PRODUCTS: readonly string[] = [
  'MUG|Mug "Bonjour", 350 ml|1499',
  'BEAN|Café crème beans, 1 kg|2450',
  'TEE|T-Shirt „Größe M“|1999',
  'PLUSH|Ōkami plush 🐺|3200',
  'MATCHA|抹茶 matcha powder 100 g|1800',
  'POSTER|Poster 50×70 cm|2500',
  'RAIN|Kid\'s raincoat|4500',
  'CABLE|USB-C cable, 2 m|999',
  'VINYL|12" vinyl record|2899',
  'SOCK|Wool socks (3 pairs)|1599',
  'LAMP|Desk lamp – warm white|5900',
  'KNIFE|Santoku knife 18 cm|8900',
  'TEA|Earl Grey tea, loose leaf|1250',
  'BOOK|Notebook A5, dotted|1100',
  'BAG|Tote bag "Zürich"|1700',
  'CHAIR|Ergonomic chair|34900',
  'HONEY|Miel de lavande 250 g|950',
  'DATE|تمر مجدول Medjool dates 1 kg|2100',
  'SAMOVAR|Самовар 3 л|12900',
  'KOREAN|Kimchi jar 김치 500 g|1300',
];

const VARIANTS: readonly string[] = ['', 'navy', 'crème', 'schwarz', 'XL'];

/** The catalogue shared by every demo shop: each base product in a handful of variants. */
export const DEMO_PRODUCTS: readonly DemoProduct[] = BASE_PRODUCTS.flatMap((line) => {
  const [sku = '', title = '', cents = '0'] = line.split('|');
  return VARIANTS.map((variant, index) => ({
    sku: `${sku}-${String(index + 1).padStart(3, '0')}`,
    title: variant === '' ? title : `${title} (${variant})`,
    dollarCents: Number(cents) + index * 100,
  }));
});

/** The catalogue's unit prices in the minor unit of `currency`, index for index. */
export function priceList(currency: string): number[] {
  const profile = currencyProfile(currency);
  return DEMO_PRODUCTS.map((product) => localPrice(product.dollarCents, profile));
}
