"""Marks insights whose words say the opposite of what they mean, for the sentiment and intent
stages: a denied problem ("No crashes since the update.") is not the problem itself, a denied
dislike ("I don't hate the new design") is lukewarm, neither complaint nor praise, and thanks in
reproach ("Thanks for nothing.") and praise of a failure ("Love how it takes 30 seconds to
open": analyzer/sarcasm.py) are no praise, nor is a polite request ("Merci de régler ça au
plus vite"), while thanks for a deed ("Merci d'avoir corrigé le bug") are praise, not the bug, and
a span that says the writer is leaving ("On va changer d'outil") is a churn risk, one that closes
something else ("our month-end close") is none, a wish ("I'd love a dark mode") is a feature
request, not praise, a price rise or a slowness ("Le tarif a augmenté", "Tout est très lent") is a
grievance, not praise, nor is a requirement ("Notre DSI l'exige") or a plea for a fix ("Merci de
corriger au plus vite"), and a short failure statement ("Export fails") or a data exposure
("Another user can see my customers' data") is a bug report. It also
marks a message that is an out-of-office auto-reply, no feedback at all. Rules in
analyzer/negation.py, politeness.py, gratitude.py, churn.py, wishes.py, grievance.py,
requirements.py, pleas.py, failures.py, exposures.py and auto_replies.py."""

from analyzer.acclaim import acclaims
from analyzer.analysis import Analysis, Insight
from analyzer.auto_replies import is_auto_reply
from analyzer.churn import (
    closes_with_a_verdict,
    ends_something_else,
    sounds_fed_up,
    threatens_to_leave,
)
from analyzer.config import AnalyzerConfig
from analyzer.exposures import reports_an_exposure
from analyzer.failures import is_a_short_ticket, states_a_failure
from analyzer.gratitude import thanks_for_a_deed
from analyzer.grievance import grievance
from analyzer.loyalty import plans_to_upgrade, promises_to_stay, says_why_we_stay
from analyzer.needs_gone import needs_no_more
from analyzer.negation import (
    fold,
    mocks_thanks,
    reports_a_problem,
    says_it_lukewarm,
    says_no_problem,
)
from analyzer.note_actions import is_note_action
from analyzer.pleas import pleads
from analyzer.politeness import asks_politely
from analyzer.purchases import tells_a_purchase
from analyzer.request_labels import is_a_request_label
from analyzer.requirements import states_a_requirement
from analyzer.resources import Resources
from analyzer.sarcasm import (
    after_the_interjection,
    closes_in_irony,
    praises_a_failure,
    praises_in_irony,
)
from analyzer.tenure import tells_tenure
from analyzer.wishes import fails_after_what_should_be_possible, wishes


class NegationStage:
    name = "negation"

    def __init__(self, config: AnalyzerConfig, resources: Resources) -> None:
        pass

    def __call__(self, batch: list[Analysis]) -> None:
        for analysis in batch:
            analysis.auto_reply = is_auto_reply(analysis.text)
            short_ticket = is_a_short_ticket(analysis.text)
            # a ticket of one span is read whole: nothing around it says more
            whole_ticket = short_ticket and len(analysis.insights) == 1
            for insight in analysis.insights:
                insight.says_no_problem = says_no_problem(insight.text)
                insight.lukewarm = insight.says_no_problem and says_it_lukewarm(insight.text)
                # "Thanks for nothing.", "Great, another update that breaks everything.",
                # "Love how the app takes 30 seconds to open"
                insight.mocks = (
                    mocks_thanks(insight.text)
                    or praises_in_irony(insight.text)
                    or praises_a_failure(insight.text)
                )
                insight.asks = asks_politely(insight.text)
                # saying why one stays ("the reason we stay") praises as thanks for a deed do
                insight.thanks = thanks_for_a_deed(insight.text) or says_why_we_stay(insight.text)
                insight.threatens = threatens_to_leave(insight.text)
                # a promise to renew ("ne manquerons pas de renouveler") is no leaving either: its
                # churn risk falls below the threshold as closing something else's does, and so
                # does buying more ("We'd upgrade to the Business plan for this")
                insight.promises = promises_to_stay(insight.text)
                insight.ends_other = (
                    ends_something_else(insight.text)
                    or insight.promises
                    or plans_to_upgrade(insight.text)
                )
                # "Demande de fonctionnalité" alone, a subject: a request's label
                insight.wishes = wishes(insight.text) or is_a_request_label(insight.text)
                insight.grievance = grievance(insight.text)
                insight.requires = states_a_requirement(insight.text)
                # a denied problem or thanks for a fix are read by their own rules
                insight.fails = (
                    short_ticket
                    and states_a_failure(reported(insight), whole_ticket)
                    and not insight.says_no_problem
                    and not insight.thanks
                )
                insight.exposes = reports_an_exposure(insight.text)
                insight.pleads = None if insight.thanks else pleads(insight.text)
                insight.tells_tenure = tells_tenure(insight.text)
                insight.tells_purchase = tells_a_purchase(insight.text)
                insight.needs_no_more = needs_no_more(insight.text)
                # a note-taker's hand-off, kept when it is all the text says: context
                insight.follows_up = is_note_action(insight.text)
                insight.acclaims = acclaims(insight.text) and not (insight.mocks or insight.thanks)
            mark_ironic_closings(analysis)
            mark_wishes_that_fail(analysis)
            # "Can you fix this quickly? We depend on it.": the need is the plea's reason
            if any(insight.pleads for insight in analysis.insights):
                for insight in analysis.insights:
                    if not insight.pleads and not insight.thanks:
                        insight.pleads = pleads(insight.text, beside_a_plea=True)


def reported(insight: Insight) -> str:
    """What the span reports: a sarcastic one's praise is no praise ("Great, export fails")."""
    return after_the_interjection(insight.text) if insight.mocks else insight.text


def mark_wishes_that_fail(analysis: Analysis) -> None:
    """ "Moving tasks should be possible but it fails every time." is cut at "but": the first
    span alone reads as a wish, the two together report a bug."""
    for insight, following in zip(analysis.insights, analysis.insights[1:], strict=False):
        if insight.wishes and fails_after_what_should_be_possible(insight.text, following.text):
            insight.wishes = False


def mark_ironic_closings(analysis: Analysis) -> None:
    """ "Just what I needed." mocks beside a sarcastic span or a reported problem; "We're out."
    after one, or closing one's span, is leaving (analyzer/churn.py closes_with_a_verdict)."""
    complaining = any(
        insight.mocks or insight.fails or insight.grievance or reports_a_problem(fold(insight.text))
        for insight in analysis.insights
    )
    if complaining:
        for insight in analysis.insights:
            insight.mocks = insight.mocks or closes_in_irony(insight.text)
    for position, insight in enumerate(analysis.insights):
        # the complaint may be the verdict's own span: "J'en ai marre, j'arrête.", "Billing
        # charged us twice again, I'm out."
        if closes_with_a_verdict(insight.text):
            insight.threatens = insight.threatens or any(
                map(complains, analysis.insights[: position + 1])
            )


def complains(insight: Insight) -> bool:
    """A span that mocks, fails, grieves, names a problem or sounds fed up ("a joke", "panne",
    "never answered"); not one that denies a problem or thanks for a fix ("No crashes since the
    update.", "Thanks for fixing the bug")."""
    if insight.says_no_problem or insight.thanks:
        return False
    folded = fold(insight.text)
    return (
        bool(insight.mocks or insight.fails or insight.grievance)
        or reports_a_problem(folded)
        or sounds_fed_up(folded)
    )
