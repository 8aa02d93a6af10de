"""An erased contact's whole name is matched in any case, its compound surname with a hyphen or
a space, its accents or none: in other people's lower-case messages ("I talked to gwendolyn
featherstonehaugh"), their insights, search, webhook bodies, needs, notes and themes, and a
refit after the erasure brings none of it back. The access export lists such messages; a
different person with the same first name stays."""

from fastapi.testclient import TestClient

from tests.test_privacy import DAN, ingest, item
from tests.test_privacy_masking import stored_words
from tests.test_themes_refit import refit

GWEN = {"id": "c-gwen", "email": "gf@example.com", "name": "Gwendolyn Featherstonehaugh"}
YSOLDE = {"id": "c-ysolde", "email": "yq@example.com", "name": "Ysolde Quarrington-Blix"}
CLEMENCE = {"id": "c-clem", "email": "cv@example.fr", "name": "Clémence Vasseur-Lefèbvre"}
HUGO = {"id": "c-hugo", "email": "hl@example.com", "name": "Hugo Lambertini-Vasquez"}
ERASED = (GWEN, YSOLDE, CLEMENCE, HUGO)
SURNAMES = ("featherstonehaugh", "quarrington", "blix", "vasseur", "lefèbvre", "lefebvre",
            "lambertini", "vasquez")  # fmt: skip
# what other customers wrote about them, as they typed it
NAMING = {
    "d-1": "I talked to gwendolyn featherstonehaugh yesterday about the invoices.",
    "d-2": "ysolde quarrington-blix says the invoices export is broken.",
    "d-3": "clémence vasseur-lefèbvre and clemence vasseur lefebvre want invoices in euros.",
    "d-4": "Clémence Vasseur Lefèbvre asked for invoices by e-mail.",
    "d-5": "hugo lambertini vasquez cannot download invoices.",
}
# another Gwendolyn: her first name alone is no trace of the erased one
OTHER_GWEN = "gwendolyn ashby approved the invoices refund."


def traces(client: TestClient) -> list[str]:
    """Every stored row (all tables) that holds a word of an erased surname."""
    words = stored_words(client).splitlines()
    return [line for line in words if any(surname in line for surname in SURNAMES)]


def top_hit(client: TestClient, query: str) -> str:
    return client.post("/v1/search", json={"query": query, "limit": 5}).json()["items"][0]["text"]


def test_lower_case_names_of_erased_contacts_leave_every_place(store_client: TestClient) -> None:
    client = store_client
    hook = {"url": "https://desk.acme.com/hook", "events": ["feedback.analysed"]}
    assert client.post("/v1/webhooks", json=hook).status_code == 201
    ingest(client, *(item(f"own-{c['id']}", "The invoices page is slow.", c) for c in ERASED))
    stored = ingest(client, *(item(key, text, DAN) for key, text in NAMING.items()),
                    item("d-6", OTHER_GWEN, DAN))  # fmt: skip
    named = {key: row for key, row in zip(NAMING, stored, strict=False)}
    first = named["d-1"]
    assert top_hit(client, "Gwendolyn Featherstonehaugh").startswith("I talked to gwendolyn")
    export = client.get("/v1/contacts/c-gwen/export").json()
    assert [m["id"] for m in export["mentions"]] == [first["id"]]  # her lower-case mention
    need = client.post(
        "/v1/needs",
        json={
            "title": "Invoices for clemence vasseur lefebvre",
            "description": "Asked by gwendolyn featherstonehaugh and hugo lambertini-vasquez.",
        },
    )
    assert need.status_code == 201, need.text  # fmt: skip
    note = {"kind": "note", "by": "zoe", "note": "Told ysolde quarrington blix."}
    assert client.post(f"/v1/feedback/{first['id']}/actions", json=note).status_code == 201
    seeded = client.post("/v1/themes/seed", json={"name": "Gwendolyn Featherstonehaugh complaints",
                                                  "examples": [NAMING["d-1"]]})  # fmt: skip
    assert seeded.status_code == 201, seeded.text
    assert traces(client)
    refit(client)  # themes labelled with words of their names ("blix")

    for contact in ERASED:
        assert client.delete(f"/v1/contacts/{contact['id']}").status_code == 200

    assert traces(client) == []
    texts = {key: client.get(f"/v1/feedback/{row['id']}").json()["text"]
             for key, row in named.items()}  # fmt: skip
    assert texts == {
        "d-1": "I talked to [NAME] yesterday about the invoices.",
        "d-2": "[NAME] says the invoices export is broken.",
        "d-3": "[NAME] and [NAME] want invoices in euros.",
        "d-4": "[NAME] asked for invoices by e-mail.",
        "d-5": "[NAME] cannot download invoices.",
    }
    assert client.get(f"/v1/feedback/{stored[-1]['id']}").json()["text"] == OTHER_GWEN
    assert not top_hit(client, "Gwendolyn Featherstonehaugh").startswith("I talked to")
    theme = client.get(f"/v1/themes/{seeded.json()['id']}").json()
    assert theme["name"] == "[NAME] complaints"

    refit(client)
    assert traces(client) == []
    tree = client.get("/v1/themes").text.casefold()
    assert not [surname for surname in SURNAMES if surname in tree]
    assert "gwendolyn ashby" in stored_words(client)  # the other Gwendolyn stays


def test_a_contacts_own_name_is_masked_in_any_spelling_at_ingest(client: TestClient) -> None:
    """The writer's name as erasure matches it: no accents, a space for the hyphen, and the
    surname the name rules left after taking "Clémence Vasseur" for a first name and surname."""
    text = "Clémence Vasseur Lefèbvre here. clemence vasseur-lefebvre needs invoices. Clémence."
    answer = client.post("/v1/tag", json={"text": text, "contact": {"name": CLEMENCE["name"]}})
    assert answer.status_code == 200, answer.text
    assert answer.json()["redacted_text"] == "[NAME] here. [NAME] needs invoices. [NAME]."


YSALINE = {"id": "c-ysa", "email": "ym@example.fr", "name": "Ysaline Mourier-Dagobert"}
# a compound surname alone, in either order, after an initial or not: the forms privacy.md gives
SURNAME_FORMS = {
    "s-1": "Mourier Dagobert aussi. Mourier-Dagobert a validé.",
    "s-2": "Y. Mourier-Dagobert a signé. Dagobert Mourier est là.",
    "s-3": "Vasseur Lefèbvre aussi.",
    "s-4": "Le devis de C. Vasseur-Lefèbvre est signé.",
}


def test_an_erased_compound_surname_leaves_others_texts_in_every_form(
    store_client: TestClient,
) -> None:
    client = store_client
    ingest(client, *(item(f"own-{c['id']}", "The invoices page is slow.", c)
                     for c in (YSALINE, CLEMENCE)))  # fmt: skip
    stored = ingest(client, *(item(key, text, DAN) for key, text in SURNAME_FORMS.items()))
    for contact in (YSALINE, CLEMENCE):
        assert client.delete(f"/v1/contacts/{contact['id']}").status_code == 200
    texts = [client.get(f"/v1/feedback/{row['id']}").json()["text"] for row in stored]
    assert texts == [
        "[NAME] aussi. [NAME] a validé.",
        "[NAME] a signé. [NAME] est là.",
        "[NAME] aussi.",
        "Le devis de [NAME] est signé.",
    ]
