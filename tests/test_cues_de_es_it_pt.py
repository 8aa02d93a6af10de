"""German, Spanish, Italian and Portuguese twins of cue rules English and French already had (QA
through `POST /v1/tag`, dev4, 2026-12-07): each case read otherwise than its English twin."""

import pytest

from analyzer import Analyzer
from analyzer.opening_greetings import without_an_opening_greeting
from analyzer.urgency_cues import matched_cues
from analyzer.wishes import wishes


def top_intent(insight) -> str:
    return max(insight.intents, key=lambda intent: intent.score).label


# "I lost all my notes" is critical: the writer's work is gone. Only the words for "data" were
# heard in these languages, and the Portuguese ones read praise.
LOST_WORK = [
    "Ich habe alle meine Notizen verloren.",
    "Wir haben alle Kundendaten der letzten Woche verloren.",
    "He perdido todas mis notas.",
    "Ho perso tutte le mie note.",
    "Perdemos todas as faturas do último mês.",
    "Perdi todas as minhas fotos!",
    "Perdi todas as minhas notas, socorro!",
]


@pytest.mark.parametrize("text", LOST_WORK)
def test_lost_work_is_critical_and_negative(analyzer: Analyzer, text: str) -> None:
    (insight,) = analyzer.analyze(text).insights
    assert insight.urgency.level == "critical"
    assert insight.sentiment.label == "negative"
    assert "praise" not in {intent.label for intent in insight.intents}


@pytest.mark.parametrize(
    "text",
    [
        "Wir haben keine Daten verloren.",
        "Ich habe nicht alle Notizen der Woche verloren.",
        "Perdi a nota fiscal.",
    ],
)
def test_nothing_lost_or_no_work_lost_is_no_data_loss(text: str) -> None:
    assert "data_loss" not in matched_cues(text)


# A greeting that shares the sentence of a bug report made it `other` ("Dear Mr Smith, I still
# can't export." read bug_report); "…falla cada vez…" and "…trava toda vez…" read positive.
GREETED_BUGS = [
    "Hola, la exportación a CSV falla cada vez que exporto proyectos grandes.",
    "Olá, A exportação para CSV trava toda vez que exporto projetos grandes.",
    "Bom dia, a exportação para CSV trava toda vez que exporto projetos grandes.",
    "Estimado Sr. Fernández, sigo sin poder exportar.",
    "Gentile dott. Bianchi, non riesco ancora ad esportare.",
    "Caro Sr. Oliveira, continuo sem conseguir exportar.",
    "Hello, the CSV export fails every time I export large projects.",
]


@pytest.mark.parametrize("text", GREETED_BUGS)
def test_a_greeting_before_a_bug_report_leaves_it_a_negative_bug_report(
    analyzer: Analyzer, text: str
) -> None:
    (insight,) = analyzer.analyze(text).insights
    assert top_intent(insight) == "bug_report"
    assert insight.sentiment.label == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "Caro, troppo caro per quello che offre.",
        "Liebe die App, weil sie so schnell ist.",
        "Hola, ¿qué tal?",
    ],
)
def test_words_that_only_look_like_a_greeting_are_read(text: str) -> None:
    assert without_an_opening_greeting(text) == text


# A wish is a feature request, not praise (README), however warm its words.
WISHES = [
    "Me encantaría un modo oscuro.",
    "Estaría bien poder exportar a Excel.",
    "Ich würde mich über einen Dark Mode freuen.",
    "Adoraria ter um modo escuro.",
    "Também queria poder exportar pra Excel.",
]


@pytest.mark.parametrize("text", WISHES)
def test_a_wish_is_a_feature_request_not_praise(analyzer: Analyzer, text: str) -> None:
    (insight,) = analyzer.analyze(text).insights
    assert top_intent(insight) == "feature_request"
    assert "praise" not in {intent.label for intent in insight.intents}
    assert insight.sentiment.label != "positive"


@pytest.mark.parametrize(
    "text",
    ["Me encanta la aplicación.", "Queria saber como exportar.", "Ich freue mich über das Update."],
)
def test_love_and_questions_are_no_wish(text: str) -> None:
    assert not wishes(text)


# A charge never authorised is high, as "We were charged for something we never authorised." is.
UNAUTHORISED_CHARGES = [
    "Wir haben eine Abbuchung, die wir nie autorisiert haben.",
    "Nos cobraron algo que no autorizamos.",
    "Ci avete addebitato un importo che non abbiamo mai autorizzato.",
    "Cobraram-nos um valor que nunca autorizámos.",
]


@pytest.mark.parametrize("text", UNAUTHORISED_CHARGES)
def test_an_unauthorised_charge_is_high(analyzer: Analyzer, text: str) -> None:
    assert "fraud" in matched_cues(text)
    (insight,) = analyzer.analyze(text).insights
    assert insight.urgency.level == "high"


@pytest.mark.parametrize(
    "text",
    [
        "Wir haben die Abbuchung autorisiert.",
        "Autorizamos el cargo.",
        "Abbiamo autorizzato il pagamento.",
    ],
)
def test_an_authorised_charge_is_no_fraud(text: str) -> None:
    assert "fraud" not in matched_cues(text)


def test_portuguese_sarcasm_is_no_praise(analyzer: Analyzer) -> None:
    (insight,) = analyzer.analyze("Ótimo, mais uma atualização que estraga tudo.").insights
    assert insight.sentiment.label == "negative"
    assert "praise" not in {intent.label for intent in insight.intents}


def test_a_portuguese_fix_follow_up_settles_the_failure(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("Erro 500 ao exportar. Atualização: já está a funcionar, obrigado!")
    assert all(insight.urgency.level in {"low", "normal"} for insight in analysis.insights)
    assert analysis.insights[-1].sentiment.label != "negative"


@pytest.mark.parametrize(
    "text",
    [
        "Estamos à espera de uma resposta há duas semanas.",
        "Aspettiamo una risposta da due settimane.",
    ],
)
def test_a_long_wait_for_an_answer_is_a_complaint(analyzer: Analyzer, text: str) -> None:
    (insight,) = analyzer.analyze(text).insights
    assert top_intent(insight) == "complaint"
    assert insight.urgency.level == "normal"


def test_looking_around_for_alternatives_is_a_churn_risk(analyzer: Analyzer) -> None:
    (insight,) = analyzer.analyze("Wir schauen uns nach Alternativen um.").insights
    assert top_intent(insight) == "churn_risk"
    assert "praise" not in {intent.label for intent in insight.intents}


def test_eilt_is_a_deadline(analyzer: Analyzer) -> None:
    (insight,) = analyzer.analyze("Eilt! Rechnungen können nicht versendet werden.").insights
    assert insight.urgency.level == "high"
    assert "deadline" not in matched_cues("Wir haben uns beeilt.")
