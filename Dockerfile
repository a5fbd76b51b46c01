# evmhook: one image for every service (`docker compose` picks the command). Two stages: build with the Swift
# toolchain, run on a slim Debian with only the five C libraries evmhook links.
FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libcurl4-openssl-dev libwebsockets-dev libpq-dev libhiredis-dev libssl-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The manifest names the test targets too, so their folders come along (see .dockerignore for what does not).
COPY . .
RUN swift build -c release --product evmhook --static-swift-stdlib \
    && install -D "$(swift build -c release --show-bin-path)/evmhook" /out/evmhook

FROM debian:bookworm-slim
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libcurl4 libwebsockets17 libpq5 libhiredis0.14 libssl3 ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/evmhook /usr/local/bin/evmhook
USER nobody
ENTRYPOINT ["evmhook"]
CMD ["--help"]
