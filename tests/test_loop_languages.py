"""Closing the loop in German, Spanish, Italian and Portuguese: a customer who speaks one of them
is told of a decision in it (their language on file, else the language they wrote in), with the
need's title in it, and opts out on a page in it."""

from string import Formatter

import pytest

from api.loop.default_templates import DEFAULTS, FOOTERS, LANGUAGES
from api.loop.templates import FIELDS, KINDS, check_fields, render
from api.loop.unsubscribe_texts import BUTTONS, PAGES
from tests.test_loop import ingest, mailed
from tests.test_notification_consent import token_of

NEW = ("de", "es", "it", "pt")
JONAS = {"id": "d1", "email": "jonas@northwind.de", "name": "Jonas", "language": "de-DE"}
LUCIA = {"id": "s1", "email": "lucia@northwind.es", "name": "Lucía"}  # no language on file
GIULIA = {"id": "i1", "email": "giulia@northwind.it", "name": "Giulia", "language": "Italiano"}
JOAO = {"id": "p1", "email": "joao@northwind.com.br", "name": "João", "language": "pt-BR"}
WORDS = {
    "d1": "Bitte bauen Sie einen Dunkelmodus ein, abends blendet die Anwendung sehr.",
    "s1": "Por favor, añadan un modo oscuro; trabajo de noche y me duelen los ojos.",
    "i1": "Vi prego di aggiungere una modalità scura, la sera lo schermo abbaglia.",
    "p1": "Por favor, adicionem um modo escuro, à noite a tela cansa muito a vista.",
}


def fields_of(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


def shipped_to_four(client) -> int:
    people = (JONAS, LUCIA, GIULIA, JOAO)
    items = [ingest(client, n, WORDS[p["id"]], p) for n, p in enumerate(people)]
    need = client.post("/v1/needs", json={
        "title": "Dark mode", "titles": {"de": "Dunkelmodus", "es": "Modo oscuro"},
        "insight_ids": [item["insights"][0]["id"] for item in items]})  # fmt: skip
    assert need.status_code == 201, need.text
    shipped = client.patch(f"/v1/needs/{need.json()['id']}", json={"status": "shipped"})
    assert shipped.status_code == 200, shipped.text
    return need.json()["id"]


def test_each_customer_is_told_in_their_language(store_client) -> None:
    """Jonas (German on file) and Lucía (nothing on file, wrote Spanish) were told in English:
    only English and French messages existed."""
    need_id = shipped_to_four(store_client)
    rows = store_client.get(f"/v1/needs/{need_id}/notifications").json()["items"]
    told = {r["contact_id"]: (r["language"], r["subject"]) for r in rows}
    assert told == {
        "d1": ("de", "Ihr Wunsch ist umgesetzt: Dunkelmodus"),
        "s1": ("es", "Lo que nos pidió ya está disponible: Modo oscuro"),
        "i1": ("it", "L'ha chiesto, l'abbiamo realizzato: Dark mode"),  # no Italian title
        "p1": ("pt", "Você pediu, nós fizemos: Dark mode"),
    }
    delivered, messages = mailed(store_client.app.state.workspace, "product@northwind.com")
    assert delivered == 4
    german = next(m for m in messages if m["To"] == "jonas@northwind.de")
    body = german.get_payload(decode=True).decode().replace("\r\n", "\n")
    assert body.startswith(f"Guten Tag Jonas,\n\nSie hatten uns geschrieben: „{WORDS['d1']}“")
    assert "Verbesserung zu „Dunkelmodus“" in body
    link = german["List-Unsubscribe"].strip("<>")
    assert body.rstrip().endswith(f"Um diese Nachrichten nicht mehr zu erhalten: {link}")
    spanish = next(m for m in messages if m["To"] == "lucia@northwind.es")
    assert f"Usted nos escribió: «{WORDS['s1']}»" in spanish.get_payload(decode=True).decode()


def test_the_unsubscribe_page_in_spanish(store_client) -> None:
    """Lucía has no language on file: her page follows the message she got (Spanish), not her
    English browser; a Spanish browser gets it for a link unknown."""
    shipped_to_four(store_client)
    english = {"Accept-Language": "en-US,en;q=0.9"}
    ask = store_client.get(f"/v1/unsubscribe/{token_of(store_client, 's1')}", headers=english)
    assert ask.status_code == 200 and '<html lang="es">' in ask.text
    assert "<h1>¿Dejar de recibir estos mensajes?</h1>" in ask.text
    assert '<button type="submit">Darme de baja</button>' in ask.text
    done = store_client.post(f"/v1/unsubscribe/{token_of(store_client, 's1')}", headers=english)
    assert done.status_code == 200 and "<h1>Baja confirmada</h1>" in done.text
    assert store_client.get("/v1/contacts/s1").json()["notifications"] is False
    unknown = store_client.get("/v1/unsubscribe/nope", headers={"Accept-Language": "es-MX"})
    assert unknown.status_code == 404 and "<h1>Enlace desconocido</h1>" in unknown.text


def test_the_template_listing_has_every_language(store_client) -> None:
    put = store_client.put("/v1/templates/declined/pt-BR",
                           json={"subject": "Sobre: {need_title}", "body": "Olá {contact_name}"})  # fmt: skip
    assert put.status_code == 200 and put.json()["language"] == "pt"
    listed = store_client.get("/v1/templates").json()["items"]
    assert [(t["kind"], t["language"]) for t in listed] == [
        (kind, language) for kind in KINDS for language in LANGUAGES
    ]
    assert set(NEW) < set(LANGUAGES)
    stored = [t for t in listed if not t["default"]]
    assert [(t["kind"], t["language"], t["subject"]) for t in stored] == [
        ("declined", "pt", "Sobre: {need_title}")
    ]
    german = store_client.get("/v1/templates/shipped/de").json()
    assert german["default"] is True and german["subject"].startswith("Ihr Wunsch")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_default_fills_the_fields_the_english_one_does(kind: str, language: str) -> None:
    subject, body = DEFAULTS[(kind, language)]
    english_subject, english_body = DEFAULTS[(kind, "en")]
    assert fields_of(subject) == fields_of(english_subject)
    assert fields_of(body) == fields_of(english_body)
    values = {name: f"<{name}>" for name in FIELDS}
    for text in (subject, body, FOOTERS[language]):
        check_fields(text)
        rendered = render(text, values)
        assert "{" not in rendered and all(values[n] in rendered for n in fields_of(text))
    assert fields_of(FOOTERS[language]) == {"unsubscribe_url"}


def test_every_language_has_its_pages_and_footer() -> None:
    assert set(PAGES) == set(BUTTONS) == set(FOOTERS) == set(LANGUAGES)
    assert {(kind, language) for kind in KINDS for language in LANGUAGES} == set(DEFAULTS)
    assert all(set(pages) == set(PAGES["en"]) for pages in PAGES.values())
