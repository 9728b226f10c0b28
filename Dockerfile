# Production image: Python 3.12 with WeasyPrint's system libraries, built static assets.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/build-static.mjs scripts/
RUN npm run build

FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
      poppler-utils \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
COPY . .
COPY --from=assets /app/static/vendor static/vendor
RUN pip install --no-cache-dir -e .
RUN DJANGO_SETTINGS_MODULE=leavingcare.settings SECRET_KEY=build-only python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 leavingcare && mkdir -p /var/lib/leavingcare/media \
    && chown leavingcare /var/lib/leavingcare/media
USER leavingcare
EXPOSE 8000
