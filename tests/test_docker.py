"""docker-compose.yml and the Dockerfile cannot be built here (no registry for images): their
shape is checked instead, so that what the operator relies on does not quietly go."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
yaml = pytest.importorskip("yaml")


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_the_api_and_the_worker_share_the_data_dir() -> None:
    """Custom taggers live under BOUCLE_DATA_DIR/taggers: a worker on another volume trained
    and served none of those the API knows."""
    services = compose()["services"]
    mounts = {name: {v for v in services[name].get("volumes", []) if v.endswith(":/data")}
              for name in ("api", "worker")}  # fmt: skip
    assert mounts["api"] and mounts["api"] == mounts["worker"]
    assert mounts["api"].pop().split(":")[0] in compose()["volumes"]  # a named volume


def test_the_api_and_the_worker_share_the_notification_settings() -> None:
    """BOUCLE_NOTIFY_CHANNEL was the worker's alone: GET /v1/needs/{id}/recipients, answered by
    the api, reported the channel "none"."""
    services = compose()["services"]
    notify = {name: {k: v for k, v in services[name]["environment"].items()
                     if k.startswith(("BOUCLE_NOTIFY", "BOUCLE_WEBHOOK", "BOUCLE_SMTP"))}
              for name in ("api", "worker")}  # fmt: skip
    assert notify["api"].get("BOUCLE_NOTIFY_CHANNEL") and notify["api"] == notify["worker"]


def test_services_are_healthchecked_restarted_and_wait_for_each_other() -> None:
    services = compose()["services"]
    assert "/readyz" in " ".join(services["api"]["healthcheck"]["test"])
    for name in ("postgres", "qdrant", "api"):
        assert "test" in services[name]["healthcheck"], name
    for name, service in services.items():
        assert service.get("restart") == "unless-stopped", name
    for name in ("api", "worker"):
        depends = services[name]["depends_on"]
        assert {"postgres", "qdrant"} <= set(depends), name
        assert all(d["condition"] == "service_healthy" for d in depends.values()), name


def seconds(duration: str) -> float:
    """A compose duration ("20s", "1m30s") in seconds."""
    parts = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?", duration)
    assert parts and duration, duration
    hours, minutes, secs = (float(part or 0) for part in parts.groups())
    return hours * 3600 + minutes * 60 + secs


def test_docker_waits_longer_than_the_graceful_shutdown() -> None:
    """Docker's default 10 s equalled BOUCLE_SHUTDOWN_GRACE_S: SIGKILL came before requests in
    progress were answered 503 and the process stopped cleanly."""
    from api.settings import Settings

    services = compose()["services"]
    for name in ("api", "worker"):
        grace = services[name]["environment"].get("BOUCLE_SHUTDOWN_GRACE_S",
                                                  Settings.model_fields["shutdown_grace_s"].default)  # fmt: skip
        assert seconds(str(services[name].get("stop_grace_period", "10s"))) > float(grace) + 5, name


def test_the_qdrant_server_suits_the_pinned_client() -> None:
    """qdrant-client works with a server at most one minor version apart."""
    image = compose()["services"]["qdrant"]["image"]
    server = re.fullmatch(r"qdrant/qdrant:v(\d+)\.(\d+)\.\d+", image)
    client = re.search(r'"qdrant-client==(\d+)\.(\d+)\.', (ROOT / "pyproject.toml").read_text())
    assert server and client, (image, client)
    assert server[1] == client[1] and abs(int(server[2]) - int(client[2])) <= 1


def test_the_image_runs_as_a_user_with_a_healthcheck() -> None:
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    assert any(line.startswith("HEALTHCHECK ") for line in lines)
    assert "download.pytorch.org/whl/cpu" in "\n".join(lines)
