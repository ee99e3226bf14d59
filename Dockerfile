# syntax=docker/dockerfile:1
# Production image: gunicorn serving the portal, static files through whitenoise.
# Migrations are a separate release step: `docker run … python manage.py migrate`.

# The base image by exact tag and by digest (its multi-platform index), so that a rebuild starts
# from the same bytes. To move on: `docker buildx imagetools inspect python:3.11.N-slim-bookworm`
# gives the new digest; change the tag and the digest together.
ARG PYTHON_IMAGE=python:3.11.16-slim-bookworm@sha256:a36c24f9cbdf4fd0f52d67f0823eeac19c2028c637cecc392d97f980d4fec56b

FROM ${PYTHON_IMAGE} AS build
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# uv installs into /venv exactly what uv.lock says (sha256-checked), with this image's Python,
# compiling the bytecode now so that each gunicorn worker does not at start.
ENV PATH=/venv/bin:$PATH \
    PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore \
    UV_PROJECT_ENVIRONMENT=/venv UV_PYTHON=/usr/local/bin/python3 UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_NO_CACHE=1
# uv itself, pinned with hashes.
COPY requirements-uv.txt ./
RUN pip install --require-hashes --only-binary=:all: --no-deps --target /opt/uv -r requirements-uv.txt
# The dependency layer: only the lock and pyproject.toml, so that it is rebuilt when they change
# and not when the code or the README does. --locked refuses a uv.lock that is out of date.
# The run-time dependencies and the production group (gunicorn, S3 storage); no test tools.
COPY pyproject.toml uv.lock ./
RUN /opt/uv/bin/uv sync --locked --group production
COPY . .
# Build-time values only: collectstatic and compilemessages touch no database. The portal's own
# modules are compiled here too, like the dependencies (the image runs with PYTHONDONTWRITEBYTECODE).
RUN DJANGO_SETTINGS_MODULE=bialystok_hrc.settings.production \
    SECRET_KEY=build-only ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    sh -c "python manage.py compilemessages -v0 && python manage.py collectstatic --noinput -v0" \
    && python -m compileall -q .

FROM ${PYTHON_IMAGE}
ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=bialystok_hrc.settings.production \
    PORT=8000
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin portal
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build --chown=root:root /app /app
RUN mkdir -p /app/media && chown portal /app/media
USER portal
EXPOSE 8000
# Alive means gunicorn answers /healthz (which needs no database: while the database is down the
# portal still serves its cached pages, and restarting it would not help). compose.yaml asks
# /readyz instead, before it sends traffic to a replica.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "deploy/healthcheck.py", "/healthz"]
CMD ["gunicorn", "--config", "gunicorn.conf.py", "bialystok_hrc.wsgi:application"]
