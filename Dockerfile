# FOI casework service. Build: docker build -t foi-casework .  Run: docker run -p 8000:8000 -e FOI_DATABASE_URL=... foi-casework
FROM python:3.11-slim-bookworm

# WeasyPrint needs Pango; pinned fonts keep letters identical wherever they are rendered. The release checks
# read PDFs with poppler's pdftotext as a second, independent extractor; tesseract keeps redacted scans searchable.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
       fonts-liberation2 fonts-dejavu-core poppler-utils tesseract-ocr tesseract-ocr-eng \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 foi
WORKDIR /srv/foi
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY exemptions ./exemptions
COPY letter_templates ./letter_templates
# Editable, so the app finds alembic.ini, migrations/ and exemptions/ beside it. Every app process behind a load
# balancer needs the same FOI_SECRET_KEY (it signs the web session cookie).
RUN pip install --no-cache-dir -e . && mkdir -p var && chown foi:foi var

USER foi
ENV FOI_DATABASE_URL=sqlite:////srv/foi/var/foi.db \
    PYTHONUNBUFFERED=1
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["sh", "-c", "foi db upgrade && foi serve --host 0.0.0.0 --port 8000"]
