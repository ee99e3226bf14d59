# syntax=docker/dockerfile:1
# Production image: gunicorn serving the portal, static files through whitenoise.
# Migrations are a separate release step: `docker run … python manage.py migrate`.

FROM python:3.11-slim-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
RUN python -m venv /venv
ENV PATH=/venv/bin:$PATH PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .
# Build-time values only: collectstatic and compilemessages touch no database.
RUN DJANGO_SETTINGS_MODULE=bialystok_hrc.settings.production \
    SECRET_KEY=build-only ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    sh -c "python manage.py compilemessages --ignore=.venv --ignore=node_modules && python manage.py collectstatic --noinput"

FROM python:3.11-slim-bookworm
ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=bialystok_hrc.settings.production \
    PORT=8000
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin portal
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build --chown=root:root /app /app
RUN rm -rf /app/tests /app/node_modules /app/.ci && mkdir -p /app/media && chown portal /app/media
USER portal
EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py", "bialystok_hrc.wsgi:application"]
