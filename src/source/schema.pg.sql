-- The orders database shopzip reads, on PostgreSQL: the same tables and columns as schema.sql, with the types a
-- PostgreSQL shop would use. shopzip only ever reads it (a role with GRANT SELECT on the three tables is enough).
CREATE TABLE shops (
  id        bigint PRIMARY KEY,
  slug      text NOT NULL UNIQUE,   -- [a-z0-9-], 1..64 chars: the shop's folder name in the ZIP
  name      text NOT NULL,
  currency  text NOT NULL,          -- ISO 4217, e.g. EUR, JPY (0 decimals), KWD (3 decimals)
  timezone  text NOT NULL           -- IANA zone, e.g. Europe/Berlin
);
CREATE TABLE orders (
  id              bigint PRIMARY KEY,
  shop_id         bigint NOT NULL REFERENCES shops (id),
  order_number    text NOT NULL,
  status          text NOT NULL,    -- pending | paid | shipped | delivered | cancelled | refunded
  customer_name   text NOT NULL,
  customer_email  text NOT NULL,
  ship_country    text,             -- ISO 3166-1 alpha-2 or NULL
  subtotal_minor  bigint NOT NULL,  -- money in the currency's minor unit
  shipping_minor  bigint NOT NULL,
  tax_minor       bigint NOT NULL,
  total_minor     bigint NOT NULL,
  note            text,             -- free text typed by the customer: expect anything
  created_at      timestamptz NOT NULL, -- microseconds kept: exports show them when present
  updated_at      timestamptz NOT NULL
);
CREATE TABLE order_items (
  order_id          bigint NOT NULL REFERENCES orders (id),
  line_no           integer NOT NULL,
  sku               text NOT NULL,
  title             text NOT NULL,
  quantity          integer NOT NULL,
  unit_price_minor  bigint NOT NULL,
  PRIMARY KEY (order_id, line_no)
);
CREATE INDEX orders_by_shop_time ON orders (shop_id, created_at, id);
