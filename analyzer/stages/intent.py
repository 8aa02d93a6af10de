"""Intents per insight and per message: multi-label, calibrated scores, sorted, above each label's
threshold. A message carries every intent of its insights (and of its whole text)."""

import numpy as np

from analyzer.analysis import Analysis, Insight, Intent
from analyzer.config import AnalyzerConfig
from analyzer.contact_lines import only_contact_details
from analyzer.feature_needs import needs_a_feature
from analyzer.grievance import gets_nothing_new
from analyzer.inverted_marks import asks_how_to, opens_with_a_question
from analyzer.negation import fold, reports_a_problem
from analyzer.pleas import FIX
from analyzer.politeness import praises
from analyzer.price_mentions import (
    names_money,
    names_no_price,
    names_only_billing,
    names_only_invoices,
)
from analyzer.resources import Resources
from analyzer.shouting import model_reader
from analyzer.stages.heads import score_batch
from analyzer.stages.sentiment import lead_with
from analyzer.urgency_cues import outweighs_calm, says_not_urgent
from analyzer.wishes import praises_beside_the_wish

FALLBACK = "other"
DENIED_BY_NO_PROBLEM = ("bug_report", "complaint")
# A span with a churn cue ("On va changer d'outil") scores churn_risk at least its threshold plus
# this margin, and one with a wish ("I'd love a dark mode") feature_request: the writer said it,
# so the label is not borderline. Fixed by reasoning, not tuned on evaluation data (churn_risk 0.6
# with the trained threshold of 0.3; it was 0.5 with 0.2 before the account-talk rows).
CUE_MARGIN = 0.3
# A span that closes or deletes something else ("our month-end close", "delete an old project")
# scores churn_risk at most this share of its threshold: the head heard leaving in the word alone
# (Banking77's "close my account"), and the span says nothing else of leaving.
ENDS_OTHER_SHARE = 0.5


def asks_a_question(insight: Insight) -> bool:
    """A ¿…? or how-to question that is no request: "¿Podrían añadir un modo oscuro?" wishes, as
    "Could you add a dark mode?" does, and "¿Pueden arreglar el inicio de sesión?" pleads."""
    return (opens_with_a_question(insight.text) or asks_how_to(insight.text)) and not (
        insight.wishes or insight.pleads or insight.asks
    )


def cue_floor(threshold: float) -> float:
    """The least score of a label a span says outright: its threshold plus the margin. A
    threshold of 1 turns the label off (BOUCLE_INTENT_THRESHOLDS), and a cue does not turn it
    back on."""
    return 0.0 if threshold >= 1.0 else min(1.0, threshold + CUE_MARGIN)


class IntentStage:
    name = "intent"

    def __init__(self, config: AnalyzerConfig, resources: Resources) -> None:
        self.head = resources.head("intent")
        self.read = model_reader(config.fold_shouting)
        self.max_intents = config.intent_max
        self.thresholds = self.head.thresholds.copy()
        for label, threshold in config.intent_thresholds.items():
            self.thresholds[self.head.labels.index(label)] = threshold
        self.threshold_list = self.thresholds.tolist()
        self.denied = [self.head.labels.index(label) for label in DENIED_BY_NO_PROBLEM]
        self.complaint, self.praise = (
            self.head.labels.index("complaint"),
            self.head.labels.index("praise"),
        )
        self.complaint_floor = cue_floor(float(self.thresholds[self.complaint]))
        self.churn = self.head.labels.index("churn_risk")
        self.other = self.head.labels.index(FALLBACK)
        self.churn_floor = cue_floor(float(self.thresholds[self.churn]))
        self.feature = self.head.labels.index("feature_request")
        self.feature_floor = cue_floor(float(self.thresholds[self.feature]))
        self.bug = self.head.labels.index("bug_report")
        self.bug_floor = cue_floor(float(self.thresholds[self.bug]))
        self.praise_floor = cue_floor(float(self.thresholds[self.praise]))
        self.pricing = self.head.labels.index("pricing")
        self.pricing_floor = cue_floor(float(self.thresholds[self.pricing]))
        self.praise_floor = cue_floor(float(self.thresholds[self.praise]))
        self.question = self.head.labels.index("question")
        self.question_floor = cue_floor(float(self.thresholds[self.question]))

    def intents(self, probabilities: np.ndarray) -> list[Intent]:
        labels, thresholds = self.head.labels, self.threshold_list
        # Python floats: exact copies of the float32 scores, compared and rounded alike, but
        # without a numpy scalar per label
        scores = probabilities.tolist()
        chosen = [
            Intent(labels[i], round(scores[i], 4))
            for i in np.argsort(-probabilities).tolist()
            if scores[i] >= thresholds[i]
        ][: self.max_intents]
        if chosen:
            return chosen
        # Nothing clears its threshold: say so as "other", as sure as the best label is unsure.
        others = [p for label, p in zip(labels, scores, strict=True) if label != FALLBACK]
        return [Intent(FALLBACK, round(1.0 - max(others), 4))]

    def __call__(self, batch: list[Analysis]) -> None:
        for analysis, (message, insights) in zip(
            batch, score_batch(self.head, batch, self.read), strict=True
        ):
            denials = [k for k, insight in enumerate(analysis.insights) if insight.says_no_problem]
            heard = insights
            if denials:
                original = insights
                insights, message = self.read_denials(insights, message, denials)
                heard = insights.copy()
                if len(denials) < len(insights):  # a mixed message's praise stays as the head heard
                    heard[denials, self.praise] = original[denials, self.praise]
            lukewarm = [k for k in denials if analysis.insights[k].lukewarm]
            if lukewarm:
                insights, message, heard = self.read_lukewarm(insights, message, heard, lukewarm)
            mocking = [k for k, insight in enumerate(analysis.insights) if insight.mocks]
            if mocking:
                insights, message, heard = self.read_reproaches(insights, message, heard, mocking)
            asking = [k for k, insight in enumerate(analysis.insights) if insight.asks]
            if asking:
                insights, message, heard = self.read_requests(insights, message, heard, asking)
            # praise said outright ("Servizio impeccabile") is read as thanks for a deed are
            thanking = [
                k
                for k, insight in enumerate(analysis.insights)
                if insight.thanks or insight.acclaims
            ]
            if thanking:
                insights, message, heard = self.read_thanks(insights, message, heard, thanking)
            ending = [k for k, insight in enumerate(analysis.insights) if insight.ends_other]
            if ending:
                insights, message, heard = self.read_other_endings(insights, message, heard, ending)
            threatening = [k for k, insight in enumerate(analysis.insights) if insight.threatens]
            if threatening:
                cold = [k for k in threatening if not praises(fold(analysis.insights[k].text))]
                insights, message, heard = self.read_cue(
                    insights, message, heard, threatening, cold, self.churn, self.churn_floor
                )
                insights, message, heard = self.read_threats(insights, message, heard, threatening)
                # leaving names the subscription it ends, which the head heard as pricing
                moneyless = [k for k in threatening if not names_money(analysis.insights[k].text)]
                if moneyless:
                    insights, message, heard = self.cap_below_threshold(
                        insights, message, heard, moneyless, self.pricing
                    )
            promising = [k for k, insight in enumerate(analysis.insights) if insight.promises]
            if promising:  # "Nous ne manquerons pas de renouveler" asks for nothing new
                insights, message, heard = self.cap_below_threshold(
                    insights, message, heard, promising, self.feature
                )
            wishing = [k for k, insight in enumerate(analysis.insights) if insight.wishes]
            if wishing:
                texts = [analysis.insights[k].text for k in wishing]
                cold = [
                    k
                    for k, text in zip(wishing, texts, strict=True)
                    if not praises_beside_the_wish(text)
                ]
                insights, message, heard = self.read_cue(
                    insights, message, heard, wishing, cold, self.feature, self.feature_floor
                )
                # a wish with no problem nor threat in it asks for something new: the churn
                # risk or bug the head heard ("Laissez-moi saisir mes heures hors connexion")
                # falls below its threshold
                calm = [
                    k
                    for k in wishing
                    if not analysis.insights[k].threatens
                    and not reports_a_problem(fold(analysis.insights[k].text))
                ]
                for label in (self.churn, self.bug) if calm else ():
                    insights, message, heard = self.cap_below_threshold(
                        insights, message, heard, calm, label
                    )
                # and a calm need, a feature named or what it would do for us ("Offline mode
                # would be a game changer"), complains of nothing (a wish beside "unhappy" or
                # "je regrette" may: the head keeps it)
                needing = [k for k in calm if needs_a_feature(analysis.insights[k].text)]
                if needing:
                    insights, message, heard = self.cap_below_threshold(
                        insights, message, heard, needing, self.complaint
                    )
            # "edit several invoices at once" asks for a feature, "Can we set up recurring
            # invoices?" about one: the pricing the head heard in "invoices" (or in a wish's
            # "charge de travail") falls below its threshold (a grievance about a price, read
            # later, raises it again)
            unpriced = [
                k
                for k, insight in enumerate(analysis.insights)
                if (
                    insight.wishes
                    and (names_only_billing(insight.text) or names_no_price(insight.text))
                )
                or (
                    insights[k, self.question] >= self.thresholds[self.question]
                    and names_only_invoices(insight.text)
                )
            ]
            if unpriced:
                insights, message, heard = self.cap_below_threshold(
                    insights, message, heard, unpriced, self.pricing
                )
            requiring = [k for k, insight in enumerate(analysis.insights) if insight.requires]
            if requiring:
                # the rule finds no praise word in them: the praise the head heard goes
                insights, message, heard = insights.copy(), message.copy(), heard.copy()
                self.drop_praise(insights, message, heard, requiring)
            pleading = [k for k, insight in enumerate(analysis.insights) if insight.pleads]
            if pleading:  # a plea praises nothing (analyzer/pleas.py)
                fixing = [k for k in pleading if self.fixes_a_bug(analysis, insights, k)]
                insights, message, heard = self.read_cue(
                    insights, message, heard, fixing, pleading, self.bug, self.bug_floor
                )
            # a failure statement or a data exposure praises nothing (analyzer/failures.py,
            # analyzer/exposures.py)
            failing = [
                k for k, insight in enumerate(analysis.insights) if insight.fails or insight.exposes
            ]
            if failing:
                insights, message, heard = self.read_cue(
                    insights, message, heard, failing, failing, self.bug, self.bug_floor
                )
                # and threatens no leaving: the churn risk the head heard in a failure ("Quand
                # je clique sur exporter, rien ne se passe", 0.38) falls below its threshold
                staying = [k for k in failing if not analysis.insights[k].threatens]
                if staying:
                    insights, message, heard = self.cap_below_threshold(
                        insights, message, heard, staying, self.churn
                    )
            questioning = [
                k for k, insight in enumerate(analysis.insights) if asks_a_question(insight)
            ]
            if questioning:  # "¿Cuándo estará arreglado?" asks, as its mark says
                insights, message, heard = self.read_cue(
                    insights, message, heard, questioning, [], self.question, self.question_floor
                )
                # "How do I export my contacts?" asks the way, and requests no feature
                how_to = [k for k in questioning if asks_how_to(analysis.insights[k].text)]
                if how_to:
                    insights, message, heard = self.cap_below_threshold(
                        insights, message, heard, how_to, self.feature
                    )
            # how long one has been a customer, what one bought, a need gone, the
            # note-taker's hand-off or where to reach the writer: context, said calmly
            telling = [
                k
                for k, insight in enumerate(analysis.insights)
                if insight.tells_tenure
                or insight.tells_purchase
                or insight.needs_no_more
                or insight.follows_up
                or only_contact_details(insight.text)
            ]
            if telling:
                insights, message, heard = self.read_context(insights, message, heard, telling)
            grieving = [k for k, insight in enumerate(analysis.insights) if insight.grievance]
            if grieving:
                insights, message, heard = self.read_grievances(
                    analysis, insights, message, heard, grieving
                )
            if says_not_urgent(analysis.text) and not outweighs_calm(analysis.text):
                insights, message, heard = self.read_calm_defects(
                    analysis, insights, message, heard
                )
            if analysis.auto_reply:  # an out-of-office note asks and reports nothing
                every = list(range(len(analysis.insights)))
                insights, message, heard = self.read_context(insights, message, heard, every)
            elif threatening:  # last: a floor raised after the threat's must not outrank it
                insights = self.lead_with_churn(insights, threatening)
            for insight, row in zip(analysis.insights, insights, strict=True):
                insight.intents = self.intents(row)
            combined = np.max(np.vstack([message, heard]), axis=0) if len(heard) else message
            if threatening:
                combined = self.churn_first(combined)
            analysis.intents = self.intents(combined)

    def read_reproaches(
        self, insights: np.ndarray, message: np.ndarray, heard: np.ndarray, mocking: list[int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Thanks in reproach ("Danke für nichts.") and sarcastic praise ("Super, encore une mise
        à jour qui casse tout.") are a complaint, said outright, not praise: complaint rises to
        its cue floor, and the whole text praises only as much as another insight does."""
        insights, message, heard = insights.copy(), message.copy(), heard.copy()
        pair = insights[mocking][:, [self.praise, self.complaint]]
        insights[mocking, self.complaint] = np.maximum(pair.max(axis=1), self.complaint_floor)
        insights[mocking, self.praise] = 0.0
        heard[mocking] = insights[mocking]
        self.praise_as_the_others_do(insights, message, mocking)
        return insights, message, heard

    def read_requests(
        self, insights: np.ndarray, message: np.ndarray, heard: np.ndarray, asking: list[int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A polite request ("Merci de régler ça au plus vite", "Please fix it") is no praise: the
        praise the head heard in "merci" goes, and the whole text praises only as much as another
        insight does."""
        insights, message, heard = insights.copy(), message.copy(), heard.copy()
        insights[asking, self.praise] = 0.0
        heard[asking, self.praise] = 0.0
        self.praise_as_the_others_do(insights, message, asking)
        return insights, message, heard

    def read_thanks(
        self, insights: np.ndarray, message: np.ndarray, heard: np.ndarray, thanking: list[int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Thanks for a deed ("Merci d'avoir corrigé le bug si vite !") are praise, at least at its
        cue floor: the bug report or complaint the head heard in the bug they name moves to praise. A text that
        only thanks so reports and complains no more than its insights now do; one that says
        more keeps what the head heard in the whole ("Merci d'avoir corrigé l'export. L'import
        plante toujours." is a bug report though neither sentence alone reads as one)."""
        insights, message, heard = insights.copy(), message.copy(), heard.copy()
        self.turn_into_praise(insights, thanking, self.denied)
        # the writer said thanks for a deed: praise at its cue floor, however little of it the
        # head heard ("Danke, dass Sie den Fehler behoben haben!" read `other`)
        insights[thanking, self.praise] = np.maximum(
            insights[thanking, self.praise], self.praise_floor
        )
        heard[thanking] = insights[thanking]
        if len(thanking) == len(insights):
            self.report_as_the_insights_do(insights, message)
        return insights, message, heard

    def read_calm_defects(
        self, analysis: Analysis, insights: np.ndarray, message: np.ndarray, heard: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A defect the writer says can wait ("Not urgent, but there's a typo on the invoice
        page") is reported, not complained of: the complaint the head heard beside the bug
        report falls below its threshold, unless the span grieves, mocks or threatens."""
        calm = [
            k
            for k, insight in enumerate(analysis.insights)
            if insights[k, self.bug] >= self.thresholds[self.bug]
            and not (insight.grievance or insight.mocks or insight.threatens)
        ]
        if not calm:
            return insights, message, heard
        return self.cap_below_threshold(insights, message, heard, calm, self.complaint)

    def read_other_endings(
        self, insights: np.ndarray, message: np.ndarray, heard: np.ndarray, ending: list[int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Closing or deleting something else ("We need this fixed before our month-end close",
        "Comment supprimer un ancien projet ?") is no leaving: the churn risk the head heard in
        the word falls below its threshold, and the whole text, which heard the same word, is a
        churn risk only as much as another insight is."""
        return self.cap_below_threshold(insights, message, heard, ending, self.churn)

    def cap_below_threshold(
        self,
        insights: np.ndarray,
        message: np.ndarray,
        heard: np.ndarray,
        marked: list[int],
        label: int,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The marked insights' `label` falls to a share of its threshold, and the whole text's
        to the other insights' (or that share, when higher)."""
        insights, message, heard = insights.copy(), message.copy(), heard.copy()
        ceiling = ENDS_OTHER_SHARE * float(self.thresholds[label])
        capped = np.minimum(insights[marked, label], ceiling)
        insights[marked, label] = heard[marked, label] = capped
        self.score_as_the_others_do(insights, message, marked, label, ceiling)
        return insights, message, heard

    def read_cue(
        self,
        insights: np.ndarray,
        message: np.ndarray,
        heard: np.ndarray,
        marked: list[int],
        cold: list[int],
        label: int,
        floor: float,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A span that says what it is: leaving ("On envisage de partir chez Zendesk") is a churn
        risk, a wish ("I'd love a dark mode") a feature request, a short failure statement
        ("Export fails") a bug report: the marked insights' `label` rises to the floor. The
        praise the head heard in the `cold` ones, those that praise nothing, goes, and the whole
        text praises only as much as another insight does; "Love it, but we're moving to another
        tool" keeps its praise."""
        insights, message, heard = insights.copy(), message.copy(), heard.copy()
        raised = np.maximum(insights[marked, label], floor)
        insights[marked, label] = heard[marked, label] = raised
        if cold:
            self.drop_praise(insights, message, heard, cold)
        return insights, message, heard

    def read_threats(
        self, insights: np.ndarray, message: np.ndarray, heard: np.ndarray, threatening: list[int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A span that says the writer is leaving says something: the "other" the head heard in
        it goes ("Honestly, I'm out." read other 0.64, which outranked its churn_risk at the
        floor among the message's three labels), and the whole text reads "other" only as much
        as another insight does."""
        insights, message, heard = insights.copy(), message.copy(), heard.copy()
        insights[threatening, self.other] = heard[threatening, self.other] = 0.0
        self.score_as_the_others_do(insights, message, threatening, self.other)
        return insights, message, heard

    def lead_with_churn(self, insights: np.ndarray, threatening: list[int]) -> np.ndarray:
        """A span that says the writer is leaving is first a churn risk, and the support tool
        shows the top intent: "We're cancelling." read complaint 0.88, heard in the leaving
        words, over churn_risk at its floor. Where another label leads, it swaps with churn_risk
        (the whole text's too)."""
        insights = insights.copy()
        for k in threatening:
            insights[k] = self.churn_first(insights[k])
        return insights

    def churn_first(self, row: np.ndarray) -> np.ndarray:
        """churn_risk leads the row where it is one of the labels shown: the labels shown stay
        the same, only their order moves (the one that led takes churn_risk's score, at least
        its floor, above every label's threshold). Not where churn_risk is under its threshold
        (a span read as context, "Client depuis 5 ans, …") or ranks below the labels shown: a
        first draft that raised it there pushed a gold bug report out of two app reviews'
        three intents (models/README.md)."""
        above = int((row > row[self.churn]).sum())
        if row[self.churn] < self.thresholds[self.churn] or above >= self.max_intents:
            return row
        return lead_with(row, self.churn)

    def fixes_a_bug(self, analysis: Analysis, insights: np.ndarray, k: int) -> bool:
        """A plea to fix something is a bug report, unless the head hears a feature request in
        it: "please address the average pace", "please sort out segments" ask for something the
        product lacks (a first measurement read such mini-bar reviews as bug reports)."""
        wants_a_feature = insights[k, self.feature] >= self.thresholds[self.feature]
        return analysis.insights[k].pleads == FIX and not wants_a_feature

    def drop_praise(
        self, insights: np.ndarray, message: np.ndarray, heard: np.ndarray, cold: list[int]
    ) -> None:
        """The cold insights praise nothing; the whole text praises only as another does."""
        insights[cold, self.praise] = heard[cold, self.praise] = 0.0
        self.praise_as_the_others_do(insights, message, cold)

    def read_context(
        self, insights: np.ndarray, message: np.ndarray, heard: np.ndarray, telling: list[int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """How long the writer has been a customer ("We've been customers for 3 years") is
        context for what follows and asks or tells nothing itself (nor does an auto-reply's
        span): no label but `other` (the
        heads heard praise, a complaint, pricing in "paying user"), and the whole text carries a
        label only as much as another insight does ("…. The app keeps getting slower.")."""
        insights, message, heard = insights.copy(), message.copy(), heard.copy()
        for label, name in enumerate(self.head.labels):
            if name != FALLBACK:
                insights[telling, label] = heard[telling, label] = 0.0
                self.score_as_the_others_do(insights, message, telling, label)
        return insights, message, heard

    def read_grievances(
        self,
        analysis: Analysis,
        insights: np.ndarray,
        message: np.ndarray,
        heard: np.ndarray,
        grieving: list[int],
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A grievance ("Le tarif a augmenté", "Tout est très lent") is a complaint said outright
        and praises nothing (the rule finds none beside it): complaint rises to its floor, its
        praise goes; one about a price is about pricing."""
        insights, message, heard = self.read_cue(
            insights, message, heard, grieving, [], self.complaint, self.complaint_floor
        )
        priced = [k for k in grieving if analysis.insights[k].grievance == "price"]
        if priced:
            insights, message, heard = self.read_cue(
                insights, message, heard, priced, priced, self.pricing, self.pricing_floor
            )
        # "40% increase with no new features" names features only to say none came: no request
        unasked = [
            k
            for k in priced
            if gets_nothing_new(analysis.insights[k].text) and not analysis.insights[k].wishes
        ]
        if unasked:
            insights, message, heard = self.read_unasked(insights, message, heard, unasked)
        slow = [k for k in grieving if k not in priced]
        if slow:
            insights, message, heard = insights.copy(), message.copy(), heard.copy()
            self.drop_praise(insights, message, heard, slow)
        return insights, message, heard

    def read_unasked(
        self, insights: np.ndarray, message: np.ndarray, heard: np.ndarray, unasked: list[int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A price rise for nothing new asks for no feature: the feature request the head heard
        in "no new features" falls below its threshold, in the whole text too unless another
        insight asks for one."""
        return self.cap_below_threshold(insights, message, heard, unasked, self.feature)

    def turn_into_praise(
        self, insights: np.ndarray, marked: list[int], heard_as: list[int]
    ) -> None:
        """The marked insights praise as strongly as the head heard them praise or `heard_as`,
        and report no bug and no complaint."""
        insights[marked, self.praise] = insights[np.ix_(marked, [self.praise, *heard_as])].max(
            axis=1
        )
        insights[np.ix_(marked, self.denied)] = 0.0

    def report_as_the_insights_do(self, insights: np.ndarray, message: np.ndarray) -> None:
        """The whole text heard the insights' words: it reports a bug or complains only as
        strongly as an insight now does."""
        message[self.denied] = np.minimum(
            message[self.denied], insights[:, self.denied].max(axis=0)
        )

    def praise_as_the_others_do(
        self, insights: np.ndarray, message: np.ndarray, marked: list[int]
    ) -> None:
        """The whole text heard the marked insights' words: cap its praise at the others'."""
        self.score_as_the_others_do(insights, message, marked, self.praise)

    @staticmethod
    def score_as_the_others_do(
        insights: np.ndarray,
        message: np.ndarray,
        marked: list[int],
        label: int,
        floor: float = 0.0,
    ) -> None:
        """Cap the whole text's `label` at the other insights' (or `floor`, when higher)."""
        others = [k for k in range(len(insights)) if k not in marked]
        highest = max((float(insights[k, label]) for k in others), default=0.0)
        message[label] = min(message[label], max(highest, floor))

    def read_denials(
        self, insights: np.ndarray, message: np.ndarray, denials: list[int]
    ) -> tuple[np.ndarray, np.ndarray]:
        """A denied problem ("Aucun plantage depuis la mise à jour.") is no bug report and no
        complaint: the complaint the head heard is mirrored into praise, as the sentiment stage
        mirrors negative into positive. The whole text heard the denied words too, so it may
        report a bug or complaint only as strongly as a non-denying insight does."""
        insights, message = insights.copy(), message.copy()
        self.turn_into_praise(insights, denials, [self.complaint])
        self.report_as_the_insights_do(insights, message)
        return insights, message

    def read_lukewarm(
        self, insights: np.ndarray, message: np.ndarray, heard: np.ndarray, lukewarm: list[int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A denied dislike ("I don't hate the new design") is no complaint, and no praise
        either: the praise that read_denials turned the heard complaint into goes, and the whole
        text praises only as much as another insight does."""
        insights, message, heard = insights.copy(), message.copy(), heard.copy()
        self.drop_praise(insights, message, heard, lukewarm)
        return insights, message, heard
