"""Out-of-office auto-replies (QA through POST /v1/feedback): a help desk forwards them as
tickets, and their "for urgent matters" hand-off read as high urgency, negative, complaint and
feature request. Held out: written before the rule (analyzer/auto_replies.py), never tuned to."""

import pytest

from analyzer.auto_replies import is_auto_reply

AUTO_REPLIES = [
    "Automatic reply: Thank you for your email. I'm away from the office until Monday 3 March "
    "and will have no access to my emails. For anything urgent, please write to [EMAIL].",
    "Out of office - I am currently on annual leave until 28 August with limited access to "
    "email. In urgent cases please call the front desk.",
    "Réponse automatique : Bonjour, je suis absente du bureau jusqu'au 5 janvier inclus. En cas "
    "d'urgence, merci de contacter [EMAIL].",
    "Je serai absent du 10 au 21 mars et n'aurai qu'un accès limité à ma messagerie. Pour toute "
    "demande urgente, vous pouvez joindre mon collègue au standard.",
    "Ich bin bis einschließlich 14. April nicht im Büro und lese meine E-Mails nur "
    "eingeschränkt. In dringenden Fällen wenden Sie sich bitte an [EMAIL].",
    "Abwesenheitsnotiz: Vielen Dank für Ihre Nachricht. Ich bin vom 2. bis 9. Juni im Urlaub. "
    "Ihre E-Mail wird nicht weitergeleitet.",
    "Respuesta automática: Estoy fuera de la oficina hasta el 15 de julio con acceso limitado al "
    "correo. Para asuntos urgentes, contacte con [EMAIL].",
    "Sono fuori ufficio fino al 30 settembre con accesso limitato alla posta. Per questioni "
    "urgenti contattare [EMAIL].",
]

FEEDBACK = [
    "I was out of the office last week and when I came back the export was broken.",
    "Can you add an out-of-office status for agents?",
    "Our auto-reply rules stopped firing after the update, please fix this urgently.",
    "Je suis absent jusqu'au 12 mais mon équipe est bloquée : l'export plante à chaque fois.",
    "Les réponses automatiques de votre outil partent en double depuis hier.",
    "Ich bin bis Freitag im Urlaub, bitte beheben Sie den Fehler beim Export bis dahin.",
    "¿Podrían añadir una respuesta automática para cuando estoy fuera de la oficina?",
]


@pytest.mark.parametrize("text", AUTO_REPLIES)
def test_an_out_of_office_reply_is_told_by_its_wording(text):
    assert is_auto_reply(text)


@pytest.mark.parametrize("text", FEEDBACK)
def test_feedback_that_mentions_an_absence_or_auto_replies_is_no_auto_reply(text):
    assert not is_auto_reply(text)


def test_an_auto_reply_reads_neutral_other_and_low_and_says_so(analyzer):
    for analysis in analyzer.analyze_batch(AUTO_REPLIES):
        assert analysis.auto_reply, analysis.text
        assert analysis.sentiment.label == "neutral", analysis.text
        assert [i.label for i in analysis.intents] == ["other"], analysis.text
        assert analysis.urgency.level == "low", analysis.text
        for insight in analysis.insights:
            assert (insight.sentiment.label, insight.urgency.level) == ("neutral", "low")
            assert [i.label for i in insight.intents] == ["other"]


def test_feedback_beside_an_absence_keeps_its_reading(analyzer):
    analysis = analyzer.analyze(FEEDBACK[3])
    assert not analysis.auto_reply
    assert analysis.urgency.level in {"high", "critical"}
    assert "bug_report" in {i.label for i in analysis.intents}
