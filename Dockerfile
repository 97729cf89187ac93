# Build: compile TypeScript and the native SQLite driver, then keep only what runs.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The web interface's templates and static files are read from the sources' places at run time.
COPY --from=build /app/apps/api/views ./apps/api/views
COPY --from=build /app/apps/api/public ./apps/api/public
USER node
EXPOSE 3000
# A larger young generation: rebuilding read models allocates many short-lived objects (about 15% faster measured).
CMD ["node", "--max-semi-space-size=64", "dist/apps/api/src/main.js"]
