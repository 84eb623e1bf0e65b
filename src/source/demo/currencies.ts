/** What the demo generator needs to know about a currency to produce plausible amounts. */
export interface CurrencyProfile {
  /** ISO 4217 code. */
  readonly code: string;
  /** Digits of the minor unit: 0 for JPY, 2 for EUR, 3 for KWD. */
  readonly decimals: number;
  /** Rough units of this currency per US dollar, to scale the catalogue's prices. */
  readonly perDollar: number;
  /** Sales tax or VAT rate applied to subtotal plus shipping. */
  readonly taxRate: number;
  /** Smallest price step in minor units (JPY prices end in 0, Kuwaiti ones in 50 fils). */
  readonly priceStep: number;
}

const PROFILES: readonly CurrencyProfile[] = [
  { code: 'EUR', decimals: 2, perDollar: 0.92, taxRate: 0.19, priceStep: 1 },
  { code: 'USD', decimals: 2, perDollar: 1, taxRate: 0.0725, priceStep: 1 },
  { code: 'JPY', decimals: 0, perDollar: 150, taxRate: 0.1, priceStep: 10 },
  { code: 'KWD', decimals: 3, perDollar: 0.31, taxRate: 0, priceStep: 50 },
  { code: 'CNY', decimals: 2, perDollar: 7.2, taxRate: 0.13, priceStep: 100 },
  { code: 'GBP', decimals: 2, perDollar: 0.79, taxRate: 0.2, priceStep: 1 },
  { code: 'CHF', decimals: 2, perDollar: 0.88, taxRate: 0.081, priceStep: 5 },
  { code: 'AUD', decimals: 2, perDollar: 1.52, taxRate: 0.1, priceStep: 1 },
  { code: 'INR', decimals: 2, perDollar: 83, taxRate: 0.18, priceStep: 100 },
  { code: 'BHD', decimals: 3, perDollar: 0.377, taxRate: 0.1, priceStep: 5 },
  { code: 'NZD', decimals: 2, perDollar: 1.65, taxRate: 0.15, priceStep: 1 },
  { code: 'NPR', decimals: 2, perDollar: 133, taxRate: 0.13, priceStep: 100 },
  { code: 'CAD', decimals: 2, perDollar: 1.36, taxRate: 0.13, priceStep: 1 },
  { code: 'SEK', decimals: 2, perDollar: 10.5, taxRate: 0.25, priceStep: 100 },
  { code: 'BRL', decimals: 2, perDollar: 5, taxRate: 0.17, priceStep: 1 },
];

const PROFILE_BY_CODE = new Map(PROFILES.map((profile) => [profile.code, profile]));

/**
 * The profile of a currency the demo generator knows.
 *
 * @throws Error for any other code.
 */
export function currencyProfile(code: string): CurrencyProfile {
  const profile = PROFILE_BY_CODE.get(code);
  if (profile === undefined) throw new Error(`no demo currency profile for ${code}`);
  return profile;
}

/**
 * Converts a price in US cents into a plausible price in the currency's minor unit: scaled, rounded to the
 * currency's price step and, for currencies with cents, turned into a "x.99" price.
 */
export function localPrice(dollarCents: number, currency: CurrencyProfile): number {
  const minor = (dollarCents / 100) * currency.perDollar * 10 ** currency.decimals;
  const stepped = Math.max(1, Math.round(minor / currency.priceStep)) * currency.priceStep;
  return currency.priceStep === 1 && stepped >= 200 ? Math.round(stepped / 100) * 100 - 1 : stepped;
}
