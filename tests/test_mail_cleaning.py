"""Help-desk e-mails cleaned before they are split into insights (QA, POST /v1/feedback): Spanish
and French signatures whose company line ends in a dotted legal form or is a web address, opening
well-wishes, the Zendesk reply marker at a notification's top, and a ticket's subject line that
restates its body or, in a reply, the old topic. Held-out phrasings written before the rules; real
content that looks like them stays."""

import pytest

from analyzer.config import AnalyzerConfig
from analyzer.stages.normalise import normalise
from analyzer.stages.segment import SegmentStage, is_pleasantry


@pytest.fixture(scope="module")
def stage() -> SegmentStage:
    return SegmentStage(AnalyzerConfig(), resources=None)


def insight_texts(stage: SegmentStage, text: str, language: str = "en") -> list[str]:
    text = normalise(text)
    return [text[start:end] for start, end in stage.spans(text, language)]


SIGNATURES_CUT = [
    (
        "El informe mensual sale vacío desde el martes.\n\nUn saludo,\nLucía Fernández Gil\n"
        "Jefa de Compras\nDistribuciones Gil S.L.\nTel. 963 123 456",
        "El informe mensual sale vacío desde el martes.",
    ),
    (
        "Impossible d'ajouter un utilisateur depuis hier.\n\nBien cordialement,\nÉtienne Marchand\n"
        "Marchand Transports S.A.R.L.",
        "Impossible d'ajouter un utilisateur depuis hier.",
    ),
    (
        "Las facturas se duplican al exportarlas.\n\nSaludos,\nPilar Ortega\nwww.ortegaviajes.es",
        "Las facturas se duplican al exportarlas.",
    ),
    (
        "La ricerca non trova i clienti archiviati.\n\nCordiali saluti,\nMarco Bellini\n"
        "Bellini Arredamenti S.p.A.\nwww.bellini-arredamenti.it",
        "La ricerca non trova i clienti archiviati.",
    ),
    (
        "Le tableau de bord reste blanc sur Firefox.\n\nCordialement,\nSophie Lemaire\n"
        "Lemaire Conseil S.A.S.\nhttps://lemaire-conseil.fr",
        "Le tableau de bord reste blanc sur Firefox.",
    ),
]


SIGNATURE_LOOKALIKES_KEPT = [
    # sentences that end with a legal form or name a web address say something
    "El pedido no llega a la tienda.\n\nSaludos,\nPilar Ortega\nNo funciona con la web de S.L.",
    "Gracias por la ayuda.\nLa página www.ejemplo.es no carga desde ayer.",
    "Merci pour le suivi.\nLe site www.exemple.fr est encore en panne.",
]


@pytest.mark.parametrize("text", SIGNATURE_LOOKALIKES_KEPT)
def test_sentences_that_look_like_signature_lines_stay(text):
    assert normalise(text) == text


WELL_WISHES = [
    "Hi Sarah, hope you're doing well!",
    "Hello team, I hope you are all well.",
    "Hola a todos, espero que estéis bien.",
    "Espero que se encuentren bien.",
    "Bonjour Paul, j'espère que tu vas bien !",
    "J'espère que vous vous portez bien.",
    "Ciao Luca, spero che stiate tutti bene.",
    "Spero tutto bene.",
]


@pytest.mark.parametrize("text", WELL_WISHES)
def test_opening_well_wishes_are_pleasantries(text):
    assert is_pleasantry(text)


WISHES_THAT_SAY_MORE = [
    "I hope you're doing well with the new release, because ours broke the export.",
    "Hope you fix the sync soon.",
    "Espero que arreglen el informe pronto.",
    "J'espère que vous allez corriger ce bug.",
    "Spero che risolviate presto il problema.",
]


@pytest.mark.parametrize("text", WISHES_THAT_SAY_MORE)
def test_hopes_about_the_product_are_no_pleasantry(text):
    assert not is_pleasantry(text)


def test_a_greeting_line_with_well_wishes_is_no_insight(stage):
    text = "Hi Priya, hope all is well!\n\nThe calendar invite shows the wrong time zone."
    assert insight_texts(stage, text) == ["The calendar invite shows the wrong time zone."]


ZENDESK_NOTIFICATIONS = [
    (
        "##- Please type your reply above this line -##\n\nThe invoices page times out since "
        "Monday.",
        "The invoices page times out since Monday.",
    ),
    (
        "##- Veuillez écrire votre réponse au-dessus de cette ligne -##\n\n"
        "La synchronisation des contacts ne se fait plus.",
        "La synchronisation des contacts ne se fait plus.",
    ),
]


@pytest.mark.parametrize(("text", "kept"), SIGNATURES_CUT + ZENDESK_NOTIFICATIONS)
def test_dotted_company_signatures_and_an_opening_zendesk_marker_are_cut(text, kept):
    """A signature whose company line ends in a dotted legal form or is a web address goes; a
    Zendesk marker at the top goes and the message below it stays."""
    assert normalise(text) == kept


def test_a_zendesk_marker_below_a_reply_still_cuts_the_thread():
    text = (
        "Still no luck after the cache clear.\n\n##- Please type your reply above this line -##"
        "\n\nAgent (Support)\nCould you clear your cache?"
    )
    assert normalise(text) == "Still no luck after the cache clear."


# A subject that adds only that its topic fails stays an insight: dropped (a first draft did),
# the message lost the bug_report its failure rule gives it ("Export PDF en erreur").
FAILING_SUBJECTS = [
    "Export PDF en erreur\n\nQuand je clique sur Exporter en PDF, j'ai une page blanche.",
    "Synchro en panne\n\nLa synchro avec Outlook s'arrête au bout de cinq minutes.",
]


@pytest.mark.parametrize("text", FAILING_SUBJECTS)
def test_a_subject_stating_a_failure_keeps_the_message_a_bug_report(analyzer, text):
    analysis = analyzer.analyze(text)
    assert analysis.insights[0].text == text.split("\n")[0]
    assert "bug_report" in [intent.label for intent in analysis.intents]


SUBJECTS_THAT_SAY_MORE = [
    (
        "Too slow and too expensive\n\nThe invoice export takes ten minutes.",
        ["Too slow and too expensive", "The invoice export takes ten minutes."],
    ),
    (
        "Export broken\n\nCould you also add a column for the VAT number?",
        ["Export broken", "Could you also add a column for the VAT number?"],
    ),
]


@pytest.mark.parametrize(("text", "insights"), SUBJECTS_THAT_SAY_MORE)
def test_a_subject_that_says_what_the_body_does_not_stays(stage, text, insights):
    assert insight_texts(stage, text) == insights


REPLY_SUBJECTS = [
    ("Re: [Ticket #8812] Export stuck at 99%\nThank you, it works again!", "en"),
    ("AW: [Ticket #301] Anmeldung schlägt fehl\nDanke, jetzt klappt es!", "de"),
    ("RE : [Ticket n°5521] Synchro bloquée\nMerci, c'est réglé !", "fr"),
    ("Re: Export stuck at 99% (#8812)\nThanks!", "en"),
]


@pytest.mark.parametrize(("text", "language"), REPLY_SUBJECTS)
def test_a_reply_subject_carries_no_old_problem(stage, text, language):
    assert insight_texts(stage, text, language) == [text.split("\n", 1)[1]]


EMPTY_MAILS = [
    "Sent from my Galaxy S23",
    "Envoyé depuis mon iPad",
    "[cid:image002.jpg@01DB9876.FEDC4321]",
    "Hello,\n\nBest,\nKarin Olsen",
    "Bonjour,\n\nCordialement,\nLéa",
]


@pytest.mark.parametrize("text", EMPTY_MAILS)
def test_a_mail_of_only_its_furniture_has_no_insight_and_no_tag(analyzer, text):
    result = analyzer.analyze(text)
    assert result.text and result.insights == []
    assert result.sentiment is None and result.intents == []


@pytest.mark.parametrize(
    "text", ["Thanks!", "Merci beaucoup !", "Hi,\n\nThe export is empty.\n\nThanks,\nKarin"]
)
def test_thanks_alone_or_a_greeting_with_words_keeps_its_insight(analyzer, text):
    result = analyzer.analyze(text)
    assert result.insights and result.sentiment is not None


def test_an_empty_mail_is_stored_with_its_text_and_no_insight(client):
    """Through POST /v1/feedback, where QA found it: stored, and searchable by its text, with no
    insight to tag."""
    item = {"source": "zendesk", "external_id": "z-1", "text": "Envoyé depuis mon iPad"}
    answer = client.post("/v1/feedback", json={"items": [item]})
    assert answer.status_code == 200, answer.text
    stored = client.get(f"/v1/feedback/{answer.json()['items'][0]['id']}").json()
    assert stored["text"] == "Envoyé depuis mon iPad"
    assert stored["insights"] == [] and stored["sentiment"] is None
