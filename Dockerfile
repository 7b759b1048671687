# The image docker-compose.yml runs for app, worker and migrate.
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH
RUN pip install --no-cache-dir uv==0.13.8
WORKDIR /srv/motcua
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN useradd --system --home /srv/motcua motcua && mkdir -p var && chown motcua var
USER motcua
EXPOSE 8000
CMD ["python", "-m", "backend.run", "--host", "0.0.0.0", "--without-worker", "--without-demo"]
