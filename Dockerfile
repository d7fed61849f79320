# saf-mock: the SAF ExecuteRequest emulator as a container.
#   docker build -t saf-mock .
#   docker run --rm -p 8931:8931 saf-mock
# Settings come from SAF_MOCK_* environment variables (see `node dist/bundle/cli.js --help`).

# --- build: all dependencies, TypeScript compiled into dist/, contract validators precompiled -------------
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: "prepare" runs the build, and the sources are not copied yet.
RUN npm ci --ignore-scripts
# What scripts/build.mjs reads: compiler settings, the build scripts, the sources and contracts/*.schema.json.
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs scripts/build-stamp.mjs ./scripts/
COPY contracts ./contracts
COPY src ./src
RUN npm run build

# --- runtime: production dependencies only, non-root --------------------------------------------------------
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts again: "prepare" would need TypeScript, which is a dev dependency.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY contracts ./contracts
COPY fixtures ./fixtures
USER node
# Bind every interface inside the container (the CLI's own default is 127.0.0.1).
ENV SAF_MOCK_HOST=0.0.0.0
EXPOSE 8931
# No curl in the slim image: node's fetch does the health check (on SAF_MOCK_PORT when it is set).
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.SAF_MOCK_PORT || 8931) + '/__saf/health', { signal: AbortSignal.timeout(2500) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/bundle/cli.js"]
