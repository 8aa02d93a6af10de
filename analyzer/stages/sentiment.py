"""Sentiment per insight and per message: negative / neutral / positive and a score in [-1, 1]."""

from collections.abc import Callable

import numpy as np

from analyzer.analysis import Analysis, Insight, Sentiment
from analyzer.churn import closes_with_a_verdict, leaves_for_a_named_tool
from analyzer.config import AnalyzerConfig
from analyzer.contact_lines import only_contact_details
from analyzer.feature_needs import needs_a_feature
from analyzer.negation import fold, reports_a_problem
from analyzer.politeness import praises
from analyzer.resources import Resources
from analyzer.shouting import model_reader
from analyzer.stages.heads import all_say_no_problem, score_batch
from analyzer.time_saved import says_time_saved
from analyzer.wishes import praises_beside_the_wish


def only_marked(analysis: Analysis, marked: Callable[[Insight], bool]) -> bool:
    """Whether an insight is marked (a grievance, a requirement, a failure, a plea) and none
    reads positive: then the whole text's reading came from the marked insight's words and is
    read as that insight's is."""
    insights = analysis.insights
    return any(marked(i) for i in insights) and not any(
        i.sentiment.label == "positive" for i in insights
    )


def wishes_coldly(insight: Insight) -> bool:
    """A wish that praises nothing beside it ("Il faudrait ajouter un mode sombre", "A dark mode
    would be nice"): the head heard praise in "nice", "top" or a calm request (issue #2), as
    the intent stage does (analyzer/wishes.py). Read neutral as a span only: the whole text
    keeps the head's reading (app reviews that only ask for a feature are mostly 4-5 stars: a
    first draft that read the message neutral too moved 19 gold answers right → wrong, 4 wrong
    → right, models/README.md)."""
    return insight.wishes and not praises_beside_the_wish(insight.text)


def wishes_calmly(insight: Insight) -> bool:
    """A cold need for a feature, named or told by what it would do for us, with no problem and
    no leaving ("Offline mode would be a game changer", "I need offline mode, I work on building
    sites with no signal", read negative): it asks for something new, unhappy with nothing. Not
    every calm wish: app reviews that only ask ("Please add Bengali language support") are
    often 1-2 stars (a first draft that read all calm wishes so moved 4 mini-bar gold answers
    right → wrong)."""
    return (
        wishes_coldly(insight)
        and not insight.threatens
        and needs_a_feature(insight.text)
        and not reports_a_problem(fold(insight.text))
    )


def tells_context(insight: Insight) -> bool:
    """How long one has been a customer, what one bought, a need gone, the note-taker's
    hand-off kept alone ("Remonté à la responsable de compte", read -0.91), or where to reach the
    writer ("[EMAIL]" alone read positive): context, neither happy nor unhappy."""
    return (
        insight.tells_tenure
        or insight.tells_purchase
        or insight.needs_no_more
        or insight.follows_up
        or only_contact_details(insight.text)
    )


def leaves_for_a_competitor(insight: Insight) -> bool:
    """Moving to a named provider ("We are moving to Intercom.", which read neutral -0.23; issue
    #2) with no praise in the span: a verdict on the product, however calm its words."""
    text = insight.text
    return insight.threatens and leaves_for_a_named_tool(text) and not praises(fold(text))


def leaves_in_anger(insight: Insight) -> bool:
    """A threat that closes with a verdict ("…, I'm out.") or moves to a competitor."""
    return (insight.threatens and closes_with_a_verdict(insight.text)) or leaves_for_a_competitor(
        insight
    )


def leaves_coldly(insight: Insight) -> bool:
    """A threat to leave with no praise in the span ("Disdiciamo.", read positive, +0.03): the head
    heard warmth in a word it rarely saw; leaving praises nothing (read as a reproach is)."""
    return insight.threatens and not praises(fold(insight.text))


def tells_time_saved(insight: Insight) -> bool:
    """Time a feature saved, praised outright ("Bulk edit saved me an hour", read neutral):
    analyzer/time_saved.py."""
    return insight.acclaims and says_time_saved(insight.text)


def every_insight_positive(analysis: Analysis) -> bool:
    """Each of two or more insights reads positive: the message embedded whole cannot be a
    complaint its parts do not make. Only then: where some insights read neutral, the message
    head was right more often than they (airline tweets: 249 right readings lost for 101 found
    when a negative message read as its neutral and positive insights)."""
    insights = analysis.insights
    return len(insights) > 1 and all(i.sentiment.label == "positive" for i in insights)


def lead_with(probabilities: np.ndarray, label: int) -> np.ndarray:
    """`label` leads: where another leads, their probabilities swap."""
    leading = int(np.argmax(probabilities))
    if leading == label:
        return probabilities
    read = probabilities.copy()
    read[[label, leading]] = probabilities[[leading, label]]
    return read


class SentimentStage:
    name = "sentiment"

    def __init__(self, config: AnalyzerConfig, resources: Resources) -> None:
        self.head = resources.head("sentiment")
        self.read = model_reader(config.fold_shouting)
        labels = self.head.labels
        self.negative, self.positive = labels.index("negative"), labels.index("positive")
        self.neutral = labels.index("neutral")

    def sentiment(self, probabilities: np.ndarray) -> Sentiment:
        score = float(probabilities[self.positive] - probabilities[self.negative])
        return Sentiment(self.head.labels[int(np.argmax(probabilities))], round(score, 4))

    def read_as_no_problem(self, probabilities: np.ndarray) -> np.ndarray:
        """A denied problem ("No crashes since the update.") is the mirror of the problem the
        head heard: when negative leads, p(negative) and p(positive) swap. So are thanks for a
        deed ("Merci d'avoir corrigé le bug si vite !"), whose bug the head heard."""
        if int(np.argmax(probabilities)) != self.negative:
            return probabilities
        mirrored = probabilities.copy()
        mirrored[[self.negative, self.positive]] = probabilities[[self.positive, self.negative]]
        return mirrored

    def read_as_praise(self, probabilities: np.ndarray) -> np.ndarray:
        """Time a feature saved ("Bulk edit saved me an hour") is praise however flat its words:
        mirrored as thanks for a deed are, then p(positive) leads."""
        return lead_with(self.read_as_no_problem(probabilities), self.positive)

    def read_as_lukewarm(self, probabilities: np.ndarray) -> np.ndarray:
        """A denied dislike ("I don't hate the new design", "Je ne déteste pas…") is the
        mirror of the dislike the head heard, but faint: mirrored as a denied problem, then
        p(neutral) leads."""
        return lead_with(self.read_as_no_problem(probabilities), self.neutral)

    def read_as_reproach(self, probabilities: np.ndarray) -> np.ndarray:
        """Thanks in reproach ("Thanks for nothing.") are the mirror of the thanks the head
        heard: when positive leads, p(positive) and p(negative) swap (a grievance's too:
        read_as_grievance)."""
        if int(np.argmax(probabilities)) != self.positive:
            return probabilities
        mirrored = probabilities.copy()
        mirrored[[self.negative, self.positive]] = probabilities[[self.positive, self.negative]]
        return mirrored

    def read_as_grievance(self, probabilities: np.ndarray) -> np.ndarray:
        """A grievance ("bien trop cher pour une équipe de 24") is a complaint however calm its
        words: a positive reading is mirrored as a reproach's is, and where neutral leads,
        p(neutral) and p(negative) swap."""
        mirrored = self.read_as_reproach(probabilities).copy()
        leading = int(np.argmax(mirrored))
        if leading == self.negative:
            return mirrored
        mirrored[[self.negative, leading]] = mirrored[[leading, self.negative]]
        return mirrored

    def read_as_statement(self, probabilities: np.ndarray) -> np.ndarray:
        """A requirement ("Notre DSI l'exige") or a wish ("Il faudrait ajouter un mode sombre")
        is stated, not praised: when positive leads,
        p(positive) and p(neutral) swap."""
        if int(np.argmax(probabilities)) != self.positive:
            return probabilities
        swapped = probabilities.copy()
        swapped[[self.neutral, self.positive]] = probabilities[[self.positive, self.neutral]]
        return swapped

    def read_as_calm_wish(self, probabilities: np.ndarray) -> np.ndarray:
        """A calm wish is stated, neither praised nor complained of: a positive reading is a
        statement's, and a negative one neutral (read_as_calm_complaint)."""
        return self.read_as_calm_complaint(self.read_as_statement(probabilities))

    def read_as_calm_complaint(self, probabilities: np.ndarray) -> np.ndarray:
        """Where negative leads, it swaps with p(neutral)."""
        if int(np.argmax(probabilities)) != self.negative:
            return probabilities
        return lead_with(probabilities, self.neutral)

    def read_as_plea(self, probabilities: np.ndarray) -> np.ndarray:
        """A plea ("Merci de corriger au plus vite, j'en ai besoin") asks for a fix, it praises
        nothing: a positive reading becomes neutral (as a requirement's), and p(positive) is no
        higher than p(negative), so the score is at most 0."""
        read = self.read_as_statement(probabilities).copy()
        if read[self.positive] > read[self.negative]:
            read[[self.negative, self.positive]] = read[[self.positive, self.negative]]
        return read

    def read_as_context(self, probabilities: np.ndarray) -> np.ndarray:
        """How long the writer has been a customer ("Client depuis 5 ans") is context, neither
        happy nor unhappy, and so is an auto-reply: where another label leads, it swaps with
        p(neutral)."""
        return lead_with(probabilities, self.neutral)

    def read_as_failure(self, probabilities: np.ndarray) -> np.ndarray:
        """A short failure statement ("Export fails", "production down") or a data exposure
        ("Otra persona puede ver los datos de mis clientes") is no calm or happy review: when
        another label leads, it swaps with p(negative)."""
        return lead_with(probabilities, self.negative)

    def read_as_verdict(self, probabilities: np.ndarray) -> np.ndarray:
        """A verdict after a complaint ("Support never answered my ticket. Honestly, I'm out.")
        leaves in anger, however calm its words ("That's it for me." read positive 0.69): when
        another label leads, it swaps with p(negative)."""
        return lead_with(probabilities, self.negative)

    def __call__(self, batch: list[Analysis]) -> None:
        for analysis, (message, insights) in zip(
            batch, score_batch(self.head, batch, self.read), strict=True
        ):
            for insight, row in zip(analysis.insights, insights, strict=True):
                if analysis.auto_reply:  # an out-of-office note tells no feeling about us
                    row = self.read_as_context(row)
                elif insight.lukewarm and insight.says_no_problem:  # a kind of denial
                    row = self.read_as_lukewarm(row)
                elif tells_time_saved(insight):
                    row = self.read_as_praise(row)
                elif insight.says_no_problem or insight.thanks or insight.acclaims:
                    row = self.read_as_no_problem(row)
                elif insight.mocks:
                    row = self.read_as_reproach(row)
                elif insight.grievance:
                    row = self.read_as_grievance(row)
                elif wishes_calmly(insight):
                    row = self.read_as_calm_wish(row)
                elif insight.requires or wishes_coldly(insight):
                    row = self.read_as_statement(row)
                elif insight.fails or insight.exposes:
                    row = self.read_as_failure(row)
                elif insight.pleads:
                    row = self.read_as_plea(row)
                elif tells_context(insight):
                    row = self.read_as_context(row)
                elif leaves_in_anger(insight):
                    row = self.read_as_verdict(row)
                elif leaves_coldly(insight):
                    row = self.read_as_reproach(row)
                insight.sentiment = self.sentiment(row)
            if analysis.insights and all(
                i.lukewarm and i.says_no_problem for i in analysis.insights
            ):
                message = self.read_as_lukewarm(message)
            elif all_say_no_problem(analysis):
                message = self.read_as_no_problem(message)
                if any(map(tells_time_saved, analysis.insights)):
                    message = self.read_as_praise(message)
            elif any(insight.mocks for insight in analysis.insights):
                message = self.read_as_reproach(message)  # sarcasm sets the tone
            elif only_marked(analysis, lambda i: bool(i.grievance)):
                # so does a grievance that no insight's warmth outweighs
                message = self.read_as_grievance(message)
            elif analysis.insights and all(map(wishes_calmly, analysis.insights)):
                # only a negative reading turns neutral: an app review that only asks and read
                # positive keeps it (wishes_coldly)
                message = self.read_as_calm_complaint(message)
            elif only_marked(analysis, lambda i: i.requires):
                message = self.read_as_statement(message)
            elif only_marked(analysis, lambda i: i.fails or i.exposes):
                message = self.read_as_failure(message)
            elif only_marked(analysis, lambda i: bool(i.pleads)):
                message = self.read_as_plea(message)
            elif all(map(tells_context, analysis.insights)):
                message = self.read_as_context(message)
            elif only_marked(analysis, leaves_for_a_competitor):
                message = self.read_as_verdict(message)
            elif only_marked(analysis, leaves_coldly):
                message = self.read_as_reproach(message)
            if every_insight_positive(analysis):
                message = self.read_as_no_problem(message)  # negative leading: mirrored
            if analysis.auto_reply:
                message = self.read_as_context(message)
            analysis.sentiment = self.sentiment(message)
