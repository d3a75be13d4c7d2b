FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY config ./config
COPY coordination ./coordination
RUN pip install --no-cache-dir .
COPY . .
# The key here only lets collectstatic start; the real one comes from the environment at run
# time and is never part of the image.
RUN SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput \
    && useradd --system --uid 10001 --no-create-home --home-dir /nonexistent app \
    && mkdir -p /app/var && chown app /app/var
# Unprivileged from here on: the code and static files stay root's, read-only to the app.
USER app
EXPOSE 8000
# Two workers per core plus one is gunicorn's usual starting point; see README.
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py seed && gunicorn config.wsgi -b 0.0.0.0:8000 -w ${WEB_CONCURRENCY:-5} --access-logfile -"]
