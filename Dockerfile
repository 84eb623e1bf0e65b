# syntax=docker/dockerfile:1
# Build: docker build -t shopzip .
# Run:   docker run --rm -p 8080:8080 -v shopzip-data:/app/data shopzip
# (No Docker engine runs on this project's development machines or CI: this file is kept plain and is not built there.)

# Production dependencies only; better-sqlite3 compiles if no prebuilt binary can be fetched. Scripts are skipped
# (the package's "prepare" builds the sources, which are not here yet) but for better-sqlite3's own build.
FROM node:22-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm rebuild better-sqlite3

# The TypeScript build and the web page (esbuild), with the dev dependencies.
FROM deps AS build
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY web ./web
RUN npm run build

FROM node:22-bookworm-slim
# MALLOC_ARENA_MAX=2 and MALLOC_MMAP_THRESHOLD_=131072 as in `npm start`: glibc kept 15-30 MB and 5-8 MB more at peak (README, Memory).
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 SHOPZIP_SOURCE_DB=/app/data/source.db SHOPZIP_STATE_DB=/app/data/state.db MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=deps --chown=node:node /app/package.json ./
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist/src ./dist/src
COPY --from=build --chown=node:node /app/dist/web ./dist/web
COPY --from=build --chown=node:node /app/src/source/schema.sql /app/src/source/schema.pg.sql ./src/source/
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--heap-growing-percent=50", "--max-semi-space-size=2", "--enable-source-maps", "--import", "./dist/src/telemetry/preload.js", "./dist/src/main.js"]
