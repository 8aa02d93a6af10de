"""A French customer-success team proofreads what the loop sends before it goes out: the quote a
customer reads back never shows redaction's placeholders, the body is readable wherever the
subject is (the preview, a need's notifications, `boucle loop outbox --json`), and the French
wording reads as French."""

import json

from fastapi.testclient import TestClient

from api.cli import main
from api.loop.recipients import Quote, quoted_back
from api.loop.templates import DEFAULTS, render
from tests.test_loop import ingest

LUC = {"id": "c2", "email": "luc@northwind.fr", "name": "Luc", "language": "fr"}
# what the customer wrote; redaction stores "[NAME] me l'avait promis, écrivez-moi à [EMAIL]"
NAMED = ("Le mode sombre manque toujours, Marc Dupont me l'avait promis, écrivez-moi à "
         "luc.perso@gmail.com.")  # fmt: skip
PHONED = ("Le mode sombre manque toujours, Marc me l avait promis pour décembre, rappelez-moi "
          "au 06 12 34 56 78.")  # fmt: skip
CLEAN = "Il faut un mode sombre, nos équipes travaillent de nuit."


def need_with(client: TestClient, *texts: str, contact: dict = LUC) -> int:
    """A need with Luc's feedback (or `contact`'s), oldest first."""
    items = [ingest(client, n, text, contact) for n, text in enumerate(texts)]
    ids = [item["insights"][0]["id"] for item in items]
    need = client.post("/v1/needs", json={"title": "Mode sombre", "insight_ids": ids})
    assert need.status_code == 201, need.text
    return need.json()["id"]


def preview_of(client: TestClient, need_id: int, kind: str = "shipped") -> dict:
    answer = client.get(f"/v1/needs/{need_id}/recipients", params={"kind": kind})
    assert answer.status_code == 200, answer.text
    [luc] = answer.json()["recipients"]
    return luc


def test_the_quote_prefers_their_words_without_placeholders(store_client) -> None:
    need_id = need_with(store_client, CLEAN, NAMED)  # the redacted one is the latest
    luc = preview_of(store_client, need_id)
    assert "[NAME]" in luc["quotes"][0]["text"]  # the team sees the insight as stored
    assert f"Vous nous aviez écrit : « {CLEAN} »" in luc["body"]


def test_a_quote_with_placeholders_only_shows_gaps_not_brackets(store_client) -> None:
    need_id = need_with(store_client, NAMED, PHONED)  # the fewest: the phone number alone
    luc = preview_of(store_client, need_id)
    assert ("« Le mode sombre manque toujours, Marc me l avait promis pour décembre, "
            "rappelez-moi au …. »") in luc["body"]  # fmt: skip
    assert "[" not in luc["body"].split("\n--\n")[0]  # the footer says "[unsubscribe link]"


def test_of_equal_quotes_the_latest_and_the_fewest_placeholders_win() -> None:
    def quote(n: int, text: str) -> Quote:
        return Quote(n, n, text, "zendesk", f"t-{n}", None)

    two = "[NAME] et [NAME] me l'ont promis, [EMAIL]."
    assert quoted_back([quote(1, "Ancien."), quote(2, "Récent.")]) == "Récent."
    assert quoted_back([quote(1, "Un [PHONE]."), quote(2, two)]) == "Un …."
    # side by side, one gap; a placeholder with an underscore is one too
    assert quoted_back([quote(1, "Né le [DATE_OF_BIRTH], [NAME] [PHONE] ici.")]) == (
        "Né le …, … ici.")  # fmt: skip


def test_the_body_is_there_to_proofread_before_and_after_the_decision(
    store_client, share_with_cli, store_settings, capsys
) -> None:
    need_id = need_with(store_client, CLEAN)
    before = preview_of(store_client, need_id)["body"]
    assert before.startswith("Bonjour Luc,\n\nVous nous aviez écrit : « ")
    # the unsubscribe link opts the person out for whoever holds it: said, never given
    assert "[unsubscribe link]" in before and "/v1/unsubscribe/" not in before
    assert store_client.patch(f"/v1/needs/{need_id}", json={"status": "shipped"}).status_code == 200
    [row] = store_client.get(f"/v1/needs/{need_id}/notifications").json()["items"]
    assert row["body"] == before
    share_with_cli(store_settings)
    assert main(["loop", "outbox", "--json", "--need", str(need_id)]) == 0
    [listed] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert listed["body"] == before and "/v1/unsubscribe/" not in json.dumps(listed)


def test_the_french_decline_says_what_was_studied() -> None:
    subject, body = DEFAULTS[("declined", "fr")]
    text = render(body, {"contact_name": "Luc", "quote": CLEAN, "need_title": "Mode sombre"})
    assert "Nous avons étudié votre demande de près et avons décidé de ne pas réaliser « Mode " \
           "sombre » pour le moment." in text  # fmt: skip
    assert "l'avons" not in text
    # as the English one: they hear back if it changes
    assert "nous reviendrons vers vous si cela change" in text


def test_the_message_is_in_the_quoted_feedbacks_language_not_their_latest(store_client) -> None:
    """No language on file: the message followed their latest feedback (English, with an e-mail
    redacted) while it quoted their French one, which had no placeholder: a French quote in an
    English template. It follows the quoted feedback now; a language on file still comes first."""
    zoe_contact = {"id": "c9", "email": "zoe@northwind.fr", "name": "Zoé"}
    english = "Dark mode is still missing, please write to me at zoe.perso@gmail.com about it."
    need_id = need_with(store_client, CLEAN, english, contact=zoe_contact)
    zoe = preview_of(store_client, need_id)
    assert zoe["language"] == "fr" and f"« {CLEAN} »" in zoe["body"], zoe
    assert zoe["body"].startswith("Bonjour Zoé,")
    # their language on file is theirs, whatever they quote
    on_file = {**zoe_contact, "language": "en"}
    del on_file["id"]
    assert store_client.put("/v1/contacts/c9", json=on_file).status_code == 200
    assert preview_of(store_client, need_id)["language"] == "en"
