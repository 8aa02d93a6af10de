# Installs as the README's `make install` does (.venv, torch==2.13.0 first); CMD serves the API
# on an empty workspace under /data. Unlike `make run` it loads no demo: to load the demo
# workspace into the volume first (once, before serving), run
#   docker run --rm -v boucle-data:/data IMAGE .venv/bin/python scripts/load_demo.py --if-empty
# Docker cannot build on the development machines, so this file stays as close as possible to
# the commands that are tested there.
# Building the image needs registry access: Docker Hub (the base image), PyPI, and PyTorch's
# CPU wheel index (download.pytorch.org); nothing is fetched when the container runs.
FROM python:3.11-slim
ARG TORCH_SPEC=torch==2.13.0
# The CPU build: PyPI's default torch wheel for Linux pulls gigabytes of CUDA libraries.
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
RUN apt-get update && apt-get install -y --no-install-recommends make gcc && rm -rf /var/lib/apt/lists/*
# Not root. The install runs as this user too: numba writes its compiled cache beside the
# packages at first import, which a root-owned .venv would refuse at run time.
RUN useradd --system --uid 10001 --create-home boucle \
 && mkdir -p /app /data && chown boucle /app /data
USER boucle
WORKDIR /app
COPY --chown=boucle pyproject.toml README.md Makefile ./
COPY --chown=boucle analyzer analyzer
COPY --chown=boucle models models
COPY --chown=boucle api api
COPY --chown=boucle scripts scripts
# what error messages point at (docs/settings.md, docs/scale-out.md): 224 KB, no screenshots
COPY --chown=boucle docs docs
RUN python3 -m venv .venv \
 && .venv/bin/pip install --quiet --index-url "$TORCH_INDEX" "$TORCH_SPEC" \
 && .venv/bin/pip install --quiet -e . \
 && touch .venv/.installed \
 # numba compiles BERTopic's dependencies on first import (~18 s): pay it at build time.
 && .venv/bin/python -c "import bertopic"
ENV HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 OMP_NUM_THREADS=2 BOUCLE_DATA_DIR=/data
# /data is owned by boucle: a new named volume takes the ownership of this folder.
VOLUME /data
EXPOSE 8000
# Ready = models loaded and the database at this release's schema (GET /readyz); the image has
# no curl, so Python asks. Models take a minute or two to load: hence the start period.
HEALTHCHECK --interval=15s --timeout=5s --start-period=180s --retries=3 \
  CMD [".venv/bin/python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]
# Binding beyond loopback needs API keys of 16 characters or more: pass BOUCLE_API_KEYS, or
# create keys with `docker compose run api .venv/bin/boucle keys create NAME --scopes read,tag`
# and then delete docker-compose.yml's placeholder BOUCLE_API_KEYS line: while a placeholder is
# there `serve` refuses to bind, stored keys or not. Several containers on other hosts share
# one BOUCLE_SECRET_KEY (docs/scale-out.md), or webhooks sealed on one cannot be sent by another.
CMD [".venv/bin/boucle", "serve", "--host", "0.0.0.0", "--port", "8000"]
