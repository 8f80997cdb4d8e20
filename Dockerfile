# avalon-realtime: one image for the server (every node also serves the operator dashboard at
# /dashboard) and the bot load generator (loadtest/dist).
#   docker build -t avalon-realtime .
#   docker run -p 3000:3000 avalon-realtime        # one node, no Redis
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: every workspace with dev dependencies, then `npm run build` (tsc -b and the dashboard)
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Manifests first, so the dependency layer is reused while only sources change.
COPY package.json package-lock.json ./
COPY protocol/package.json protocol/
COPY client/package.json client/
COPY server/package.json server/
COPY testkit/package.json testkit/
COPY dashboard/package.json dashboard/
COPY loadtest/package.json loadtest/
COPY e2e/package.json e2e/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.base.json ./
COPY protocol protocol
COPY client client
COPY server server
COPY testkit testkit
COPY dashboard dashboard
COPY loadtest loadtest
RUN npm run build

# ---- production dependencies only (workspace packages are links to the folders copied below)
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY protocol/package.json protocol/
COPY client/package.json client/
COPY server/package.json server/
COPY testkit/package.json testkit/
COPY dashboard/package.json dashboard/
COPY loadtest/package.json loadtest/
COPY e2e/package.json e2e/
RUN npm ci --omit=dev --no-audit --no-fund

# ---- runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=prod-deps /app/node_modules node_modules
COPY package.json ./
COPY protocol/package.json protocol/
COPY client/package.json client/
COPY server/package.json server/
COPY loadtest/package.json loadtest/
COPY --from=build /app/protocol/dist protocol/dist
COPY --from=build /app/client/dist client/dist
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/dashboard/dist dashboard/dist
COPY --from=build /app/loadtest/dist loadtest/dist
# Load-test summaries land here (a volume in docker-compose.yml) and the dashboard lists them.
RUN mkdir -p loadtest/results && chown node:node loadtest/results
USER node
EXPOSE 3000
# The slim image has no curl: Node's fetch checks liveness (/readyz would mark a draining node unhealthy).
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-semi-space-size=64", "server/dist/main.js"]
