"""docs/privacy.md said an erasure "cannot be confirmed by hashing a guessed address or id",
but a backup holds the key of the register's digests (workspace_secrets.jsonl) beside the
register: its holder can confirm a guess. The key stays (a restore into a new database needs it
to match the register); the docs now say what a backup's holder can confirm."""

import json
from pathlib import Path

from api.ops.backup import backup
from api.privacy.keyed import AUDIT_KEY, keyed_hex, party_digest
from tests.test_privacy import DAN, ingest, item, workspace_of

PRIVACY = Path(__file__).resolve().parents[1] / "docs" / "privacy.md"


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_a_backups_holder_can_confirm_a_guess_and_the_docs_say_so(store_client, tmp_path):
    ingest(store_client, item("d-1", "The CSV export crashes.", DAN))
    assert store_client.delete("/v1/contacts/c-dan").status_code == 200
    backup(workspace_of(store_client).db, tmp_path / "backup")

    [secret] = [r["value"] for r in rows(tmp_path / "backup" / "workspace_secrets.jsonl")
                if r["name"] == AUDIT_KEY]  # fmt: skip
    register = {r["digest"] for r in rows(tmp_path / "backup" / "forgotten_parties.jsonl")}

    def erased(address: str) -> bool:
        return keyed_hex(bytes.fromhex(secret), party_digest("email", address)) in register

    assert erased("Dan@northwind.com") and not erased("ann@northwind.com")
    page = " ".join(PRIVACY.read_text().split())
    assert "neither can be confirmed by hashing a guessed address" not in page
    assert (
        "whoever holds a backup, or the database, holds the key too, and can confirm a guess"
        in page
    )
