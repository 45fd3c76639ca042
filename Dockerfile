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
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    STRIDE_DATABASE__URL=sqlite:////data/stride.db
RUN useradd --create-home --uid 10001 stride && mkdir /data && chown stride /data
COPY --from=build /wheels /wheels
RUN python -m pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER stride
WORKDIR /home/stride
VOLUME ["/data"]
CMD ["sh", "-c", "stride db upgrade && exec stride run"]
