CREATE TABLE shops (
  id        INTEGER PRIMARY KEY,
  slug      TEXT NOT NULL UNIQUE,   -- [a-z0-9-], 1..64 chars: the shop's folder name in the ZIP
  name      TEXT NOT NULL,
  currency  TEXT NOT NULL,          -- ISO 4217, e.g. EUR, JPY (0 decimals), KWD (3 decimals)
  timezone  TEXT NOT NULL           -- IANA zone, e.g. Europe/Berlin
);
CREATE TABLE orders (
  id              INTEGER PRIMARY KEY,
  shop_id         INTEGER NOT NULL REFERENCES shops(id),
  order_number    TEXT NOT NULL,
  status          TEXT NOT NULL,    -- pending | paid | shipped | delivered | cancelled | refunded
  customer_name   TEXT NOT NULL,
  customer_email  TEXT NOT NULL,
  ship_country    TEXT,             -- ISO 3166-1 alpha-2 or NULL
  subtotal_minor  INTEGER NOT NULL, -- money in the currency's minor unit
  shipping_minor  INTEGER NOT NULL,
  tax_minor       INTEGER NOT NULL,
  total_minor     INTEGER NOT NULL,
  note            TEXT,             -- free text typed by the customer: expect anything
  created_at      TEXT NOT NULL,    -- UTC instant, 'YYYY-MM-DDTHH:MM:SS.sssZ'
  updated_at      TEXT NOT NULL
);
CREATE TABLE order_items (
  order_id          INTEGER NOT NULL REFERENCES orders(id),
  line_no           INTEGER NOT NULL,
  sku               TEXT NOT NULL,
  title             TEXT NOT NULL,
  quantity          INTEGER NOT NULL,
  unit_price_minor  INTEGER NOT NULL,
  PRIMARY KEY (order_id, line_no)
);
CREATE INDEX orders_by_shop_time ON orders (shop_id, created_at, id);
