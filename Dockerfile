# The Doléances worker image: one image for every role (`start --role ingest|classify|store|…`)
# and for the other commands (`dlq`, `replay`, `report`…), run by docker-compose.yml.
#
#   docker build -t doleances .
#   docker run --rm -e KAFKA_BROKERS=… -e DOLEANCES_DATA_KEYS=… doleances start --role classify
#
# TypeScript runs through tsx (a runtime dependency), so there is no build step; OCR needs
# Tesseract (French and English) and poppler's pdftotext/pdftoppm (README, "Install").
FROM node:20-bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng poppler-utils \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# Only what runs (no tests, benches or server scripts).
COPY tsconfig.json main.ts ./
COPY bin ./bin
COPY cli ./cli
COPY core ./core
COPY ingest ./ingest
COPY classify ./classify
COPY store ./store
COPY analytics ./analytics
COPY dashboards ./dashboards
COPY profiles ./profiles
COPY examples ./examples

# All state lives under /data (a volume per service in docker-compose.yml), owned by `node`.
RUN mkdir -p /data && chown node:node /data
USER node
ENV DOLEANCES_DATA_DIR=/data \
    DOLEANCES_SEED_EXAMPLES=false \
    HOST=0.0.0.0 \
    PORT=8080
VOLUME ["/data"]
EXPOSE 8080

# SIGTERM (docker stop) stops the stages cleanly: batches finish, offsets are committed.
ENTRYPOINT ["node", "bin/doleances"]
CMD ["start", "--role", "all"]
