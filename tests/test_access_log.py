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


def logged_request(method: str, path: str) -> str:
    """The line uvicorn's access logger would write for `method path` from 203.0.113.7."""
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
        ("203.0.113.7:51234", method, path, "1.1", 200), None,
    )  # fmt: skip
    assert logging.getLogger("uvicorn.access").filter(record)
    return record.getMessage()


def test_an_erased_contacts_id_is_not_in_the_access_log(tmp_path: Path, tagger) -> None:
    """The trail names an erased contact by a keyed digest; the access log kept "DELETE
    /v1/contacts/c-gwen" and its export's path, for as long as the log is kept."""
    settings = Settings(data_dir=tmp_path / "a", worker=False)
    with TestClient(create_app(settings, tagger)) as client:
        assert client.put("/v1/contacts/c-gwen", json={"name": "Gwen Ashby"}).status_code < 300
        item = {"source": "desk", "external_id": "t-1", "text": "Export fails.",
                "contact_id": "c-gwen", "account_id": "acme-gwen"}  # fmt: skip
        assert client.post("/v1/feedback", json={"items": [item]}).status_code < 300
        assert client.delete("/v1/contacts/c-gwen").status_code == 200
        requests = [("DELETE", "/v1/contacts/c-gwen"), ("GET", "/v1/contacts/c-gwen/export"),
                    ("GET", "/v1/feedback?contact=c-gwen&limit=5"),
                    ("PATCH", "/v1/accounts/acme-gwen"), ("GET", "/v1/search?account_id=acme-gwen")]  # fmt: skip
        lines = [logged_request(method, path) for method, path in requests]
    assert not [line for line in lines if "gwen" in line]
    assert lines[1] == '203.0.113.0/24 - "GET /v1/contacts/{id}/export HTTP/1.1" 200'
    assert "/v1/feedback?contact={id}&limit=5" in lines[2]


def test_query_values_are_not_in_the_access_log(tmp_path: Path, tagger) -> None:
    """The log kept `?meta=phone:…`, an external id naming a person and a refused similar
    search's whole message: "Logs: never a feedback text" (docs/privacy.md). Names stay."""
    settings = Settings(data_dir=tmp_path / "a", worker=False)
    requests = [
        "/v1/feedback/export?format=csv&meta=requester_name:Jean%20Dupont"
        "&meta=phone:%2B33%201%2042%2068%2053%2000&limit=5",
        "/v1/feedback?external_id=ticket-Jean-Dupont-0612345678&source=zendesk&cursor=12",
        "/v1/feedback/similar?text=Hi I'm Oliver Smith, call me on 07911 123456 IBAN GB82",
    ]
    with TestClient(create_app(settings, tagger)):
        lines = [logged_request("GET", path) for path in requests]
    assert lines[0].endswith('"GET /v1/feedback/export?format=csv&meta={value}&meta={value}'
                             '&limit=5 HTTP/1.1" 200')  # fmt: skip
    assert "?external_id={value}&source={value}&cursor=12 HTTP" in lines[1]
    assert '"GET /v1/feedback/similar?text={value} HTTP/1.1"' in lines[2]
    for word in ("Dupont", "%2B33", "0612345678", "Oliver", "07911", "GB82"):
        assert not [line for line in lines if word in line], word
