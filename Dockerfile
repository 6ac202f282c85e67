# Coach: the bot and its web server (health, metrics, the HTTP API, the Mini App).
#   docker build -t coach .
#   docker run --env-file .env -p 8080:8080 coach
# See compose.yaml for the bot with PostgreSQL.

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY coach ./coach
COPY core ./core
COPY local_bot_api ./local_bot_api
COPY locales ./locales
COPY storage ./storage
COPY web ./web
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin coach \
    && mkdir /data && chown coach:coach /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER coach
WORKDIR /home/coach
# Listen on every interface inside the container; SQLite (the default) lives in /data.
ENV COACH_HTTP_HOST=0.0.0.0 \
    COACH_PORT=8080 \
    DATABASE_URL=sqlite+aiosqlite:////data/coach.db
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)"]
ENTRYPOINT ["coach", "run"]
