"""Shared fixtures: one real analyzer for the whole run (models load once), an app around it."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from fastapi.testclient import TestClient  # noqa: E402

from analyzer import Analyzer, AnalyzerConfig  # noqa: E402
from api.app import create_app  # noqa: E402
from api.settings import Settings  # noqa: E402
from api.tagging.service import Tagger  # noqa: E402

DATASETS = Path(
    os.environ.get("BOUCLE_DATASETS", Path(__file__).resolve().parents[2] / "shared" / "datasets")
)


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer(AnalyzerConfig())


@pytest.fixture(scope="session")
def tagger(analyzer: Analyzer) -> Tagger:
    return Tagger(analyzer)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def client(settings: Settings, tagger: Tagger) -> TestClient:
    with TestClient(create_app(settings, tagger)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def datasets() -> Path:
    if not (DATASETS / "README.md").is_file():
        raise RuntimeError(
            f"public data sets not found at {DATASETS}: clone beside ../shared or set BOUCLE_DATASETS"
        )
    return DATASETS
