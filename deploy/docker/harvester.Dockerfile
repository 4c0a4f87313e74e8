# syntax=docker/dockerfile:1.7
# Seahawks the harvester (agent); on Kubernetes it runs as the chart's DaemonSet, reading the host's /proc and /sys under /host.
# Build from the repository root, for one or both architectures (Raspberry Pi: arm64):
#   docker buildx build -f deploy/docker/harvester.Dockerfile --platform linux/amd64,linux/arm64 \
#     -t <registry>/seahawks/harvester:0.1.0 --push .
# Each platform's build stage runs on that platform (QEMU when emulated), so npm installs the
# native modules of the right architecture (@node-rs/argon2, @lydell/node-pty).
# Pin the base by digest too in production (docker buildx imagetools inspect node:20.19.5-bookworm-slim).

ARG NODE_IMAGE=node:20.19.5-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
# Dependencies first: this layer is reused until a package.json or the lock file changes.
COPY package.json package-lock.json ./
COPY packages/model/package.json packages/model/
COPY packages/protocol/package.json packages/protocol/
COPY packages/promql/package.json packages/promql/
COPY apps/harvester/package.json apps/harvester/
COPY apps/nester/package.json apps/nester/
COPY apps/web/package.json apps/web/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
  && bash deploy/release/build.sh --no-build /release \
  && mkdir /app \
  && tar -xzf /release/seahawks-*.tar.gz -C /app \
  && rm -rf /app/apps/nester /app/apps/web

FROM ${NODE_IMAGE}
LABEL org.opencontainers.image.title="seahawks-harvester" \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production
COPY --from=build /app /app
RUN printf '#!/bin/sh\nexec node /app/bin/seahawks.js "$@"\n' >/usr/local/bin/seahawks \
  && chmod 755 /usr/local/bin/seahawks
RUN mkdir -p /var/lib/seahawks && chown 65532:65532 /var/lib/seahawks
WORKDIR /var/lib/seahawks
# 65532: no name, no shell, no home; the data volume is its only writable place.
USER 65532:65532
ENTRYPOINT ["node", "/app/bin/seahawks.js"]
VOLUME ["/var/lib/seahawks"]
CMD ["harvester", "run", "--config", "/var/lib/seahawks/harvester.json"]
