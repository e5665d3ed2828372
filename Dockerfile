# syntax=docker/dockerfile:1
#
# Ketenpoort as an image: one image for the API (the default command), the worker and the migration step
# (compose.yaml shows all three). Three stages:
#   bouw       the full install (TypeScript, dev tools) compiles src/ to dist/;
#   productie  a fresh install of the production dependencies only (npm ci --omit=dev, patch-package included);
#   draai      what runs: Node, dist/ and the production node_modules, as a user without rights, with no compiler,
#              no TypeScript and no package manager cache. Checked without a Docker daemon by test/uitrol (README,
#              "Bedrijfsvoering").

ARG NODE_BEELD=node:20.20.2-bookworm-slim

FROM ${NODE_BEELD} AS bouw
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY migrations ./migrations
COPY demo ./demo
COPY bench ./bench
COPY data ./data
RUN npm run build

FROM ${NODE_BEELD} AS productie
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_BEELD} AS draai
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    METRICS_POORT=9464 \
    METRICS_HOST=0.0.0.0 \
    API_PROCESSEN=1 \
    DATA_DIR=/var/lib/ketenpoort \
    AUDIT_CHECKPOINT_MAP=/var/lib/ketenpoort/checkpoints
WORKDIR /app
# The application's files belong to root and are read-only for the user that runs them; only DATA_DIR is writable.
COPY --from=productie /app/node_modules ./node_modules
COPY --from=bouw /app/dist ./dist
COPY package.json ./
COPY scripts/dist-actueel.cjs ./scripts/dist-actueel.cjs
RUN mkdir -p /var/lib/ketenpoort/checkpoints && chown -R node:node /var/lib/ketenpoort
USER node
EXPOSE 4000 9464
# Liveness of the API; the worker's container checks its metrics port instead (compose.yaml).
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
