import pytest

from app.exemption import Catalogue, default_catalogue_dir, load_catalogue


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(default_catalogue_dir())
