"""Names hold letters beyond French ones: German ß, Polish ł, Czech š and ř, Hungarian ő, Spanish
ñ, Greek. Classes like [a-zà-ÿ] left them out, so "Jürgen Weiß" was stored "[NAME]ß" and "Viele
Grüße, Thomas Groß" kept the name as an insight, searchable by it. A name is masked whole, or
left whole: never half a word."""

import re

import pytest
from fastapi.testclient import TestClient

from analyzer.names import redact_names

GERMAN = (
    "Der Export bricht ab.\nMein Name ist Jürgen Weiß, Kunde seit 2019.\n\nViele Grüße, Thomas Groß"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thanks, Jürgen Weiß", "Thanks, [NAME]"),
        ("Thanks, Paweł Nowak", "Thanks, [NAME]"),
        ("Thanks, Tomáš Dvořák", "Thanks, [NAME]"),
        ("Merci, Zoltán Kovács-Szőke", "Merci, [NAME]"),
        ("Gracias, Íñigo Peña", "Gracias, [NAME]"),
        ("Hi Łukasz,\nthe sync stops.", "Hi [NAME],\nthe sync stops."),
        ("Thanks, Σοφία Παπαδοπούλου", "Thanks, [NAME]"),
        ("My colleague Małgorzata Wójcik saw it too.", "My colleague [NAME] saw it too."),
        ("Mein Name ist Jürgen Weiß, Kunde seit 2019.", "Mein Name ist [NAME], Kunde seit 2019."),
        # in capitals after a title: whole, where "[NAME]IDA" was left of "Mr DIDA"
        ("Félicitations Mr DIDA", "Félicitations Mr [NAME]"),
        ("My name is JEAN DUPONT, please help.", "My name is [NAME], please help."),
        ("I am so going to miss US Airways.", "I am so going to miss US Airways."),
        # as before: ASCII spellings
        ("Thanks, Jurgen Weiss", "Thanks, [NAME]"),
        ("Thanks, Jürgen Weber", "Thanks, [NAME]"),
    ],
)
def test_names_with_any_letters_are_masked(text: str, expected: str) -> None:
    assert redact_names(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "I am so going to miss US Airways. You always provide",
        "merci à MONSIEUR Dupont de nous",
        "Thanks, Jürgen WEIß",
        "I met Mr. Smith ASAP",
    ],
)
def test_a_mask_never_leaves_half_a_word(text: str) -> None:
    assert not re.search(r"\[NAME\]\w|\w\[NAME\]", redact_names(text)[0])


def test_a_german_ticket_keeps_neither_name(store_client: TestClient) -> None:
    item = {"source": "desk", "external_id": "de-1", "text": GERMAN}
    ingested = store_client.post("/v1/feedback", json={"items": [item]}).json()["items"][0]
    stored = store_client.get(f"/v1/feedback/{ingested['id']}").json()
    texts = [stored["text"], *(insight["text"] for insight in stored["insights"])]
    assert "Mein Name ist [NAME], Kunde seit 2019." in stored["text"]
    assert not any(re.search(r"Weiß|Groß|Thomas|Jürgen|\[NAME\]\w", text) for text in texts)
    # the sign-off, its name masked, is no insight
    assert not any("Grüße" in text for text in texts[1:])
    found = store_client.post("/v1/search", json={"query": "Thomas Groß"}).json()["items"]
    assert not any("Groß" in str(hit) or "Weiß" in str(hit) for hit in found)
