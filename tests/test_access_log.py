"""The access log keeps a client's network, not its whole address, unless
BOUCLE_LOG_CLIENT_IPS asks for it."""

import logging
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings


def logged(client: str) -> str:
    """The line uvicorn's access logger would write for a request from `client`."""
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
        (client, "GET", "/v1/themes", "1.1", 200), None,
    )  # fmt: skip
    assert logging.getLogger("uvicorn.access").filter(record)
    return record.getMessage()


def test_client_addresses_are_cut_to_their_network_unless_asked(tmp_path: Path, tagger) -> None:
    with TestClient(create_app(Settings(data_dir=tmp_path / "a", worker=False), tagger)):
        assert logged("203.0.113.7:51234") == '203.0.113.0/24 - "GET /v1/themes HTTP/1.1" 200'
        assert logged("2001:db8:1234:5678::9:443").startswith("2001:db8:1234::/48 - ")
        assert logged("::ffff:198.51.100.23:80").startswith("198.51.100.0/24 - ")
        assert logged("not-an-address:1").startswith("- - ")

    keep = Settings(data_dir=tmp_path / "b", worker=False, log_client_ips=True)
    with TestClient(create_app(keep, tagger)):
        assert logged("203.0.113.7:51234").startswith("203.0.113.7:51234 - ")
