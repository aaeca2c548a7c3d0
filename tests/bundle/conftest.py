from pathlib import Path

import pytest

from app.config import get_settings


@pytest.fixture(autouse=True)
def storage_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Uploaded and published files go to a scratch directory, never the repository's var/."""
    root = tmp_path / "documents"
    monkeypatch.setattr(get_settings(), "storage_dir", root)
    return root
