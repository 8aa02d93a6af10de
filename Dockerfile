# Mirrors the README: `make run` installs into .venv (torch==2.13.0 first), loads the demo
# workspace into an empty store, and serves the API. Docker cannot build on the development
# machines, so this file stays as close as possible to the commands that are tested there.
FROM python:3.11-slim
ARG TORCH_SPEC=torch==2.13.0
RUN apt-get update && apt-get install -y --no-install-recommends make gcc && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md Makefile ./
COPY analyzer analyzer
COPY models models
COPY api api
COPY scripts scripts
RUN python3 -m venv .venv \
 && .venv/bin/pip install --quiet "$TORCH_SPEC" \
 && .venv/bin/pip install --quiet -e . \
 && touch .venv/.installed \
 # numba compiles BERTopic's dependencies on first import (~18 s): pay it at build time.
 && .venv/bin/python -c "import bertopic"
ENV HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 OMP_NUM_THREADS=2 BOUCLE_DATA_DIR=/data
VOLUME /data
EXPOSE 8000
# Binding beyond loopback needs API keys: pass BOUCLE_API_KEYS, or create keys with
# `docker compose run api .venv/bin/boucle keys create NAME --scopes read,tag`.
CMD [".venv/bin/boucle", "serve", "--host", "0.0.0.0", "--port", "8000"]
