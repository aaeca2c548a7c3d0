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
    authority_name: str = "Example Public Authority"
    timezone: str = "Europe/London"
    # law.md Q1: the s45 Code 2018 reading of "date of receipt" is shown for information only.
    show_code_2018_reading: bool = True
    page_size_default: int = 50
    page_size_max: int = 500


@lru_cache
def get_settings() -> Settings:
    return Settings()
