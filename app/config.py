"""Settings: one class, read from the environment with the FOI_ prefix."""

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FOI_", env_file=".env", extra="ignore")

    database_url: str = f"sqlite:///{REPO_ROOT / 'var' / 'foi.db'}"
    database_echo: bool = False
    exemptions_dir: Path = REPO_ROOT / "exemptions"
    letter_templates_dir: Path = REPO_ROOT / "letter_templates"
    # The authority's details appear on every letter; they are settings, never template edits.
    authority_name: str = "Example Public Authority"
    authority_address: str = "1 Example Street\nExampleton\nEX1 1AA"
    authority_logo: Path | None = None
    authority_signatory_name: str = "Information Governance Team"
    authority_signatory_title: str = "Information Governance Manager"
    authority_email: str = "foi@example.org"
    authority_phone: str | None = None
    authority_website: str | None = None
    authority_review_contact: str = "foi@example.org"
    authority_fee_payment: str | None = None  # e.g. "Pay by card on 01234 567890 or by bank transfer to ..."
    # The FOIA cost limit that applies (s12; Fees Regulations 2004 reg 3): "central_government" (£600, Schedule 1
    # Part I bodies) or "other" (£450). The bands and amounts are data: app/deadline/data/regimes/*.toml.
    authority_cost_limit_band: str = "other"
    # Each regime's regulator is data ([regulator] in app/deadline/data/regimes/*.toml): the Information
    # Commissioner for FOIA, the EIR, schools and archives; the Scottish Information Commissioner for FOISA. These
    # settings, when set, replace the Information Commissioner's details only (regulator code "ico"): law.md Q8,
    # the Data (Use and Access) Act 2025 s119 replaces the Commissioner with the Information Commission.
    regulator_name: str | None = None
    regulator_address: str | None = None
    regulator_website: str | None = None
    disclosure_log_url: str | None = None
    public_base_url: str = "http://127.0.0.1:8000"

    # Reminders (app/reminder). With no SMTP host, mail is written to mail_dir as .eml files.
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    smtp_timeout_seconds: float = 15.0
    mail_from: str = "foi-reminders@example.org"
    mail_dir: Path = REPO_ROOT / "var" / "mail"
    team_manager_email: str | None = None
    reminder_rules: Path = REPO_ROOT / "app" / "reminder" / "rules.toml"
    reminder_max_attempts: int = 6
    # foi serve runs the reminder pass in-process (the embedded default); turn off where `foi worker` runs.
    embedded_worker: bool = True
    reminder_interval_seconds: int = 300
    timezone: str = "Europe/London"
    # law.md Q1: the s45 Code 2018 reading of "date of receipt" is shown for information only.
    show_code_2018_reading: bool = True
    # Uploaded documents and released copies (app/bundle): content-addressed files under storage_dir, or in an
    # S3-compatible bucket when FOI_STORAGE_S3_BUCKET is set (boto3 is then needed).
    storage_dir: Path = REPO_ROOT / "var" / "documents"
    storage_s3_bucket: str | None = None
    storage_s3_endpoint_url: str | None = None
    storage_s3_region: str | None = None
    storage_s3_access_key_id: str | None = None
    storage_s3_secret_access_key: str | None = None
    storage_s3_prefix: str = ""
    upload_max_bytes: int = 50_000_000
    # What reading an uploaded file may cost (app/bundle/file_limits.py): a hostile file is refused at these
    # bounds instead of exhausting the server. A Word or Excel file is a ZIP of XML parts.
    upload_max_unzipped_bytes: int = 300_000_000
    upload_max_part_bytes: int = 200_000_000
    upload_max_compression_ratio: int = 100
    upload_max_xml_elements: int = 10_000_000
    upload_max_text_chars: int = 20_000_000
    pdf_max_pages: int = 2_000
    pdf_max_page_megapixels: int = 150
    # Files are read in worker processes (app/worker_pool.py), this many at once, each within these limits.
    file_workers: int = 2
    file_worker_cpu_seconds: int = 120
    file_worker_memory_mb: int = 2_048
    file_worker_wall_seconds: int = 180
    # The requester's bundle is made by a worker (app/bundle/builds.py): how often a worker looks for builds,
    # how long one may run before another worker takes it up again, and how long a made bundle is kept.
    bundle_build_poll_seconds: float = 1.0
    bundle_build_lease_seconds: int = 1800
    bundle_build_keep_hours: int = 72
    # What the workers answered, kept per process by a hash of the inputs (app/worker_pool.py); 0 keeps nothing.
    file_result_cache_mb: int = 64
    page_size_default: int = 50
    page_size_max: int = 500

    # Web sign-in (app/web). Every app process behind a load balancer must share one secret key; without
    # one, a key is generated once into var/secret-key, which suits a single machine.
    secret_key: str | None = None
    secret_key_file: Path = REPO_ROOT / "var" / "secret-key"
    session_idle_minutes: int = 60
    session_max_hours: int = 12
    # Send the session cookie over HTTPS only; on by default when public_base_url is https.
    cookie_secure: bool | None = None
    # Sign-in throttling, kept in the database so it holds across app processes. After this many wrong passwords
    # within the window, an account refuses every attempt (even the right password) until the oldest ages out
    # or an admin unlocks it. One client address gets a higher bound, so one office behind one NAT address is
    # not locked out by one person, but a flood from one address stops costing a password hash per request.
    # Behind a reverse proxy on another host, set FORWARDED_ALLOW_IPS (uvicorn) so the client's address counts.
    sign_in_max_failures: int = 10
    sign_in_max_failures_per_address: int = 50
    sign_in_window_minutes: int = 15
    # Password checks (argon2, slow on purpose) one process runs at once, and how long a sign-in waits for a turn.
    password_checks_at_once: int = 1
    password_check_wait_seconds: float = 5.0
    # A refused sign-in is answered after this pause (app/web/slow_refusals.py): one guess per pause per client.
    sign_in_refusal_pause_seconds: float = 1.0


REQUIRED_AUTHORITY_SETTINGS = (
    "authority_name",
    "authority_address",
    "authority_signatory_name",
    "authority_signatory_title",
    "authority_email",
    "authority_review_contact",
)
# Optional, but if given they must say something: an empty FOI_REGULATOR_NAME would print a blank regulator.
OPTIONAL_AUTHORITY_SETTINGS = ("regulator_name", "regulator_address", "regulator_website")


def check_authority_settings(settings: Settings) -> None:
    """Refuse to start with a blank authority detail or a missing logo file, rather than print a broken letter."""
    blank = [f"FOI_{name.upper()}" for name in REQUIRED_AUTHORITY_SETTINGS if not str(getattr(settings, name)).strip()]
    blank += [
        f"FOI_{name.upper()}"
        for name in OPTIONAL_AUTHORITY_SETTINGS
        if getattr(settings, name) is not None and not str(getattr(settings, name)).strip()
    ]
    if blank:
        raise ValueError(f"Letters need these settings, which are empty: {', '.join(blank)}.")
    if settings.authority_logo is not None and not settings.authority_logo.is_file():
        raise ValueError(f"FOI_AUTHORITY_LOGO points to {settings.authority_logo}, which is not a file.")
    from app.deadline.regimes import load_regimes  # the law's data; config must not need it to import

    for regime in load_regimes().values():
        if regime.cost_limit is None:
            continue
        try:
            regime.cost_limit.pounds(settings.authority_cost_limit_band)
        except ValueError:
            bands = ", ".join(sorted(regime.cost_limit.limits))
            raise ValueError(
                f"FOI_AUTHORITY_COST_LIMIT_BAND is {settings.authority_cost_limit_band!r}; for {regime.code} it must "
                f"be one of: {bands}."
            ) from None


@lru_cache
def get_settings() -> Settings:
    return Settings()
