# Tollgate worker image: slim, non-root, pinned, installed from the lock file.
FROM python:3.11.11-slim-bookworm AS build
ENV UV_VERSION=0.13.9 UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy
RUN pip install --no-cache-dir "uv==${UV_VERSION}"
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY schemas ./schemas
COPY streams ./streams
COPY sinks ./sinks
COPY tollgate ./tollgate
RUN uv sync --frozen --no-dev

FROM python:3.11.11-slim-bookworm
RUN useradd --create-home --uid 10001 tollgate && mkdir -p /data && chown tollgate /data
COPY --from=build --chown=tollgate /app /app
ENV PATH=/app/.venv/bin:$PATH \
    TOLLGATE_DATA_DIR=/data \
    TOLLGATE_LOG_FORMAT=json \
    LITELLM_LOCAL_MODEL_COST_MAP=True
WORKDIR /app
USER tollgate
EXPOSE 6066
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD python -c "import urllib.request,os; urllib.request.urlopen('http://127.0.0.1:%s/health/ready' % os.environ.get('TOLLGATE_WEB_PORT', '6066'), timeout=2)"
ENTRYPOINT ["tollgate"]
CMD ["worker"]
