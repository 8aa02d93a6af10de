"""A French CRM's contacts file: its headers read ("ID contact", "ID compte", "Prénom" + "Nom",
"Langue" = Français), an id column under an unknown name stops the import, and one e-mail
address is one contact, a re-import under the right ids included."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.accounts.importer import people_rows
from api.feedback.bulk import import_people
from api.feedback.importer import ImportError_, Report
from api.feedback.remote import send_people
from api.storage.tables import Contact, SurveySend
from api.voc.schemas import SendIn
from api.voc.surveys import record_sends

FRENCH = (
    "ID contact;ID compte;E-mail;Prénom;Nom;Langue\n"
    "CT-001;ACC-1;lea.moreau@example.fr;Léa;Moreau;Français\n"
    "CT-002;ACC-2;camille.roux2@example.fr;Camille;Roux;Anglais\n"
)


def test_french_headers_are_read(tmp_path: Path) -> None:
    """The id was the e-mail, the account empty, "Nom" and "Langue" kept as attributes."""
    path = tmp_path / "contacts.csv"
    path.write_text(FRENCH)
    (_, lea), (_, camille) = people_rows(path, "contacts", Report())
    assert (lea.id, lea.account_id, lea.email, lea.name, lea.language, lea.attributes) == (
        "CT-001", "ACC-1", "lea.moreau@example.fr", "Léa Moreau", "fr", {}
    )  # fmt: skip
    assert (camille.name, camille.language) == ("Camille Roux", "en")
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("Identifiant;Nom;ARR;Offre\nACC-1;Acme SA;12 500 €;Pro\n")
    ((_, acme),) = people_rows(accounts, "accounts", Report())
    assert (acme.id, acme.name, acme.arr, acme.plan) == ("ACC-1", "Acme SA", 12500.0, "Pro")


@pytest.mark.parametrize(
    ("header", "advice"),
    [
        ("Numéro client;E-mail;Prénom", "--map id=COLUMN for the contact's id"),
        ("Ref contact;E-mail;Prénom", "--map id='E-mail' to key contacts by their e-mail"),
        ("ID;E-mail;Compte client", "--map account_id=COLUMN for the contact's account"),
    ],
)
def test_an_unknown_id_column_stops_the_import(tmp_path: Path, header: str, advice: str) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(f"{header}\nX-1;a@example.fr;Z\n")
    with pytest.raises(ImportError_, match="look like an id or account column") as stopped:
        people_rows(path, "contacts", Report())
    assert advice in str(stopped.value)


def test_columns_that_only_mention_an_id_word_are_attributes(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text("E-mail;Numéro de téléphone;Company size\na@example.fr;0102;50\n")
    ((_, person),) = people_rows(path, "contacts", Report())
    assert (person.id, person.attributes) == (
        "a@example.fr", {"Numéro de téléphone": "0102", "Company size": "50"}
    )  # fmt: skip
    keyed = tmp_path / "keyed.csv"
    keyed.write_text("Ref contact;E-mail\nX-1;a@example.fr\n")
    ((_, person),) = people_rows(keyed, "contacts", Report(), {"id": "E-mail"})
    assert (person.id, person.attributes) == ("a@example.fr", {"Ref contact": "X-1"})


def contacts_of(workspace, email: str) -> list[tuple[str, str | None]]:
    with workspace.db.session() as session:
        rows = session.execute(select(Contact.id, Contact.account_id).where(Contact.email == email))
        return sorted(tuple(row) for row in rows)


def test_a_reimport_under_the_right_ids_makes_no_second_person(workspace, tmp_path) -> None:
    """Keyed by e-mail first (the unmapped import), then re-imported with --map id=…: 51 more
    contacts, `GET /v1/contacts?email=` total 2. Now the e-mail-keyed contact becomes CT-002,
    its survey sends with it; an address a contact with an id of its own holds is refused."""
    sent = datetime(2026, 11, 2, tzinfo=UTC)
    record_sends(workspace, [SendIn(survey="nps", contact_id="camille.roux2@example.fr",
                                    sent_at=sent)])  # fmt: skip
    by_email = tmp_path / "first.csv"
    by_email.write_text("E-mail;Prénom;Nom\ncamille.roux2@example.fr;Camille;Roux\n")
    assert import_people(workspace, by_email, "contacts").created == 1
    path = tmp_path / "contacts.csv"
    path.write_text(FRENCH)
    report = import_people(workspace, path, "contacts")
    assert (report.created, report.rejected) == (2, [])
    assert contacts_of(workspace, "camille.roux2@example.fr") == [("CT-002", "ACC-2")]
    with workspace.db.session() as session:
        assert session.scalars(select(SurveySend.contact_id)).all() == ["CT-002"]
        assert session.get(Contact, "CT-002").name == "Camille Roux"
    again = tmp_path / "again.csv"
    again.write_text(FRENCH + "CT-009;ACC-2;Camille.Roux2@example.fr;Camille;R.;fr\n")
    report = import_people(workspace, again, "contacts")
    assert report.created == 2
    assert report.rejected == [
        "line 4: e-mail 'Camille.Roux2@example.fr' already belongs to contact 'CT-002': one "
        "contact per address; import that contact under id 'CT-002', or give 'CT-002' another "
        "e-mail first"
    ]
    assert contacts_of(workspace, "camille.roux2@example.fr") == [("CT-002", "ACC-2")]


def test_the_api_refuses_a_second_contact_for_an_address(
    store_client: TestClient, tmp_path: Path
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(FRENCH)
    assert send_people(store_client, path, "contacts").created == 2
    answer = store_client.put("/v1/contacts/CT-009", json={"email": "LEA.MOREAU@example.fr"})
    assert answer.status_code == 409
    assert "already belongs to contact 'CT-001'" in answer.json()["message"]
    path.write_text(FRENCH.replace("CT-002;", "CT-003;"))
    report = send_people(store_client, path, "contacts")
    assert report.created == 1 and report.rejected[0].startswith("line 3: e-mail")
    found = store_client.get("/v1/contacts", params={"email": "camille.roux2@example.fr"}).json()
    assert [c["id"] for c in found["items"]] == ["CT-002"]


def test_a_contacts_import_says_which_accounts_it_made_bare(
    workspace, boucle, share_with_cli, tmp_path: Path
) -> None:
    """An account id no account has (a typo) made a bare account without a word; the import
    was also refused while a server held the vector store (`workspace` holds it here), though
    contacts write no vector."""
    share_with_cli(workspace.settings)
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("id,name\nACC-1,Acme SA\n")
    report = import_people(workspace, accounts, "accounts")
    assert report.warnings == []
    path = tmp_path / "contacts.csv"
    path.write_text(FRENCH + "CT-003;ACC-2;noe@example.fr;Noé;Petit;fr\n"
                    "CT-004;acc-1;ines@example.fr;Inès;Roy;fr\n")  # fmt: skip
    done = boucle("import", str(path), "--kind", "contacts", "--quiet")
    assert done.returncode == 0, done.stderr
    assert "4 stored" in done.stdout
    assert (
        "warning: 1 account named by contacts not stored ('ACC-2'): each made as a bare account "
        "(no name, ARR or segment); import the accounts with --kind accounts, or fix the ids"
    ) in done.stderr
