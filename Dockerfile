# Stride: slim image, non-root user, migrations applied before the bot starts.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md alembic.ini ./
COPY core ./core
COPY bot ./bot
COPY migrations ./migrations
RUN python -m pip install --no-cache-dir --upgrade pip \
 && python -m pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
# The dashboard listens on every address inside the container (reached only through a
# published port: -p 8080:8080); set STRIDE_WEB__PUBLIC_URL to the address people open.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    STRIDE_DATABASE__URL=sqlite:////data/stride.db \
    STRIDE_WEB__HOST=0.0.0.0
EXPOSE 8080
RUN useradd --create-home --uid 10001 stride && mkdir /data && chown stride /data
COPY --from=build /wheels /wheels
RUN python -m pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER stride
WORKDIR /home/stride
VOLUME ["/data"]
# Exec form: `stride run` is PID 1 itself (no shell in between), so `docker stop`'s SIGTERM
# reaches its handler, which stops the bot and joins its chart worker within seconds and
# exits 0. No init (tini, --init) is needed: the only children are the chart worker and
# multiprocessing's resource tracker, which the bot joins (reaps) itself. `stride run`
# applies pending migrations on start.
STOPSIGNAL SIGTERM
CMD ["stride", "run"]
