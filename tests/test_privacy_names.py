"""An erasure masks a person's whole name, in every form it is written (either order, any case,
with or without accents, hyphens, "Mme Dubois"), and not a word of it alone in what other people
wrote: "Will Slack" erased left "[NAME] integration" behind. Short names ("Li Na") are masked
as a whole; masked texts are embedded again, so that the name no longer finds them."""

import numpy as np
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.storage.tables import Insight, Theme
from api.workspace import INSIGHTS
from tests.test_privacy import DAN, ingest, item, workspace_of

WILL = {"id": "c-will", "email": "will.slack@example.com", "name": "Will Slack", "language": "en"}
RENEE = {"id": "c-renee", "email": "rd@example.fr", "name": "Renée Dubois", "language": "fr"}
LINA = {"id": "c-lina", "email": "ln@example.com", "name": "Li Na", "language": "en"}
HELENE = {"id": "c-helene", "email": "hg@example.fr", "name": "Hélène Garnier", "language": "en"}


def mask_of(name: str):
    from api.privacy.masking import PersonMask, full_names, name_words

    return PersonMask(full_names(name, None), words=name_words(name, None), owners={"c-x"})


def test_a_whole_name_is_masked_in_every_form_and_a_word_of_it_alone_stays() -> None:
    dubois = mask_of("Renée Dubois")
    for written in ("Renée Dubois", "RENÉE DUBOIS", "renee dubois", "Dubois, Renée",
                    "Dubois Renee", "Mme Dubois", "M. Dubois", "Mme Renée Dubois",
                    "rene\u0301e.dubois"):  # fmt: skip
        assert dubois(f"Call {written} today") == "Call [NAME] today", written
    assert dubois("Atelier Dubois Architectes") == "Atelier Dubois Architectes"
    assert dubois("Renée asked") == "Renée asked"
    martin = mask_of("Jean-Pierre Martin")
    for written in ("Jean-Pierre Martin", "jean pierre martin", "Martin Jean-Pierre", "Mr Martin"):
        assert martin(f"{written} said") == "[NAME] said", written
    assert martin("Martin & fils") == "Martin & fils"
    # a whole name in any case, in a customer's sentence too: an erasure errs on their side
    slack = mask_of("Will Slack")
    assert slack.proper("I will slack off, Will Slack said") == "I [NAME] off, [NAME] said"
    assert slack.proper("cc will.slack") == "cc [NAME]"
    # a word of it alone only in the erased person's own sentence
    assert slack.proper("The Slack integration") == "The Slack integration"
    assert slack.own("The Slack integration") == "The [NAME] integration"


def test_a_name_of_short_parts_is_masked_as_a_whole() -> None:
    for name, written in (("Li Na", "Li Na"), ("Jo Ng", "Ng Jo"), ("Jo Ng", "Ms Ng")):
        mask = mask_of(name)
        assert mask.proper(f"Ask {written} first") == "Ask [NAME] first", written
        assert mask.proper("Lina said no to Li") == "Lina said no to Li"


def test_erasing_a_contact_leaves_words_of_the_name_in_other_peoples_texts(
    store_client: TestClient,
) -> None:
    client = store_client
    _, _, dans = ingest(
        client,
        item("w-1", "Please add a Slack integration.", WILL),
        item("r-1", "Bonjour, je suis Renée Dubois.", RENEE),
        item("d-1", "The Slack integration is late. Will Slack and Dubois, Renee agree, and "
             "so does Atelier Dubois Architectes.", DAN),
    )  # fmt: skip
    before = client.get(f"/v1/feedback/{dans['id']}").json()["text"]
    assert "Will Slack and Dubois, Renee" in before  # ingestion's redaction left them
    need = client.post(
        "/v1/needs", json={"title": "Slack integration", "description": "Asked by Will Slack."}
    ).json()
    with workspace_of(client).db.session() as session:
        session.add(Theme(name="slack · integration", keywords=["slack", "integration"]))

    for contact in ("c-will", "c-renee"):
        assert client.delete(f"/v1/contacts/{contact}").status_code == 200

    after = client.get(f"/v1/needs/{need['id']}").json()
    assert (after["title"], after["description"]) == ("Slack integration", "Asked by [NAME].")
    assert client.get(f"/v1/feedback/{dans['id']}").json()["text"] == (
        "The Slack integration is late. [NAME] and [NAME] agree, and so does Atelier Dubois "
        "Architectes."
    )
    with workspace_of(client).db.session() as session:
        theme = session.scalar(select(Theme).where(Theme.name == "slack · integration"))
        assert theme.keywords == ["slack", "integration"]


def test_erasing_li_na_masks_her_short_name(store_client: TestClient) -> None:
    client = store_client
    _, dans = ingest(client, item("l-1", "Exports fail.", LINA),
                     item("d-1", "Li Na told me the exports fail.", DAN))  # fmt: skip

    assert client.delete("/v1/contacts/c-lina").status_code == 200

    text = client.get(f"/v1/feedback/{dans['id']}").json()["text"]
    assert text == "[NAME] told me the exports fail."


def name_score(client: TestClient, query: str, text: str) -> float:
    hits = client.post("/v1/search", json={"query": query, "limit": 50}).json()["items"]
    return next(hit["score"] for hit in hits if hit["text"] == text)


def test_a_masked_text_is_embedded_again_so_the_name_no_longer_finds_it(
    store_client: TestClient,
) -> None:
    client, unrelated = store_client, {**DAN, "id": "c-dan2"}
    hers = item("h-1", "Billing is confusing.", HELENE)
    naming = item("d-1", "Hélène Garnier said she is unhappy with the billing.", DAN)
    _, dans, _ = ingest(client, hers, naming,
                        item("d-2", "The dashboard loads slowly on Mondays.", unrelated))  # fmt: skip
    insight_id = dans["insights"][0]["id"]

    assert client.delete("/v1/contacts/c-helene").status_code == 200

    ws = workspace_of(client)
    with ws.db.session() as session:
        insight = session.get(Insight, insight_id)
        masked, stored = insight.text, np.frombuffer(insight.vector, np.float32)
    assert masked == "[NAME] said she is unhappy with the billing."
    expected = ws.tagger.embed([masked])[0]
    assert np.allclose(stored, expected, atol=1e-5)  # SQL: the masked text's vector
    assert np.allclose(ws.vectors.vectors(INSIGHTS, [insight_id])[insight_id], expected,
                       atol=1e-5)  # fmt: skip
    # her name finds it no better than a name nobody here bears
    erased, unknown = (name_score(client, q, masked) for q in ("Hélène Garnier", "Odile Vasseur"))
    assert erased <= unknown + 0.05, (erased, unknown)


def test_the_access_export_lists_other_peoples_items_that_name_the_person(
    store_client: TestClient,
) -> None:
    client = store_client
    hers, naming, by_address, _ = ingest(
        client,
        item("h-1", "Billing is confusing.", HELENE),
        # lower case: the name rules take a capitalised first name and surname at ingestion,
        # and a key naming a person ("reporter") masks its value whole: this one names none
        item("d-1", "hélène garnier said she is unhappy with the billing.", DAN,
             metadata={"plan": "pro", "escalation": "Garnier, Hélène"}),
        item("d-2", "The billing page is slow.", {**DAN, "id": "d2"}, metadata={"cc": "hg@example.fr"}),
        item("d-3", "Atelier Garnier wants invoices.", {**DAN, "id": "d3"}),
    )  # fmt: skip

    doc = client.get("/v1/contacts/c-helene/export").json()

    assert [i["id"] for i in doc["feedback"]] == [hers["id"]]
    assert [m["id"] for m in doc["mentions"]] == [naming["id"], by_address["id"]]
    first = doc["mentions"][0]
    assert first["mention"] is True and first["metadata"] == {"escalation": "Garnier, Hélène"}
    assert first["text"].startswith("hélène garnier said") and "contact_id" not in first
    by_email = client.post("/v1/access-exports", json={"email": "HG@example.fr"}).json()
    assert [m["id"] for m in by_email["contacts"][0]["mentions"]] == [
        naming["id"], by_address["id"]]  # fmt: skip
    assert by_email["mentions"] == []  # listed once, under the contact


def test_the_contacts_first_name_in_lower_case_after_a_cue_is_masked_at_ingest(
    store_client: TestClient,
) -> None:
    """QA: contact Paula Quinn, "fails for paula" was stored with "paula"."""
    paula = {"id": "c-paula", "email": "pq@example.com", "name": "Paula Quinn"}
    [row] = ingest(store_client, item("p-1", "The export fails for paula, ask her.", paula))
    stored = store_client.get(f"/v1/feedback/{row['id']}").json()["text"]
    assert stored == "The export fails for [NAME], ask her."
