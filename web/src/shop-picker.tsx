import { useEffect, useRef, useState } from 'preact/hooks';
import type { Shop } from '../../src/client/types.js';

export interface ShopPickerProps {
  readonly shops: readonly Shop[];
  readonly selected: ReadonlySet<string>;
  readonly onChange: (selected: ReadonlySet<string>) => void;
}

/** The shops the token may read: a search box, "select all shown", and one checkbox per shop. */
export function ShopPicker({ shops, selected, onChange }: ShopPickerProps) {
  const [query, setQuery] = useState('');
  const shown = shops.filter((shop) => matches(shop, query));
  const shownSelected = shown.filter((shop) => selected.has(shop.slug)).length;
  const all = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (all.current !== null) all.current.indeterminate = shownSelected > 0 && shownSelected < shown.length;
  });
  const toggleAll = (checked: boolean): void => {
    const next = new Set(selected);
    for (const shop of shown) {
      if (checked) next.add(shop.slug);
      else next.delete(shop.slug);
    }
    onChange(next);
  };
  const toggle = (slug: string, checked: boolean): void => {
    const next = new Set(selected);
    if (checked) next.add(slug);
    else next.delete(slug);
    onChange(next);
  };
  return (
    <fieldset class="shops">
      <legend>Shops</legend>
      <label for="shop-search">Search shops</label>
      <input id="shop-search" type="search" value={query} onInput={(event) => setQuery(event.currentTarget.value)} />
      <label class="choice select-all">
        <input
          ref={all} type="checkbox" checked={shown.length > 0 && shownSelected === shown.length}
          disabled={shown.length === 0} onChange={(event) => toggleAll(event.currentTarget.checked)}
        />
        Select all shown ({shown.length})
      </label>
      <ul class="shop-list">
        {shown.map((shop) => (
          <li key={shop.slug}>
            <label class="choice">
              <input
                type="checkbox" name="shops" value={shop.slug} checked={selected.has(shop.slug)}
                onChange={(event) => toggle(shop.slug, event.currentTarget.checked)}
              />
              <span class="shop-name">{shop.name}</span>
              <span class="shop-meta">{shop.slug} · {shop.currency} · {shop.time_zone}</span>
            </label>
          </li>
        ))}
      </ul>
      {shown.length === 0 ? <p class="hint">No shop matches “{query}”.</p> : null}
      <p class="hint" aria-live="polite">{selected.size} of {shops.length} shops selected</p>
    </fieldset>
  );
}

function matches(shop: Shop, query: string): boolean {
  const needle = query.trim().toLowerCase();
  if (needle === '') return true;
  return [shop.name, shop.slug, shop.currency, shop.time_zone].some((field) => field.toLowerCase().includes(needle));
}
