"""Segmentation into atomic insights: lines, then sentences (spaCy sentencizer), then clauses
split at contrast words ("…, but …", "…, mais …"); pleasantries alone on their span (a greeting
line, a sign-off, a redacted name or phone number), call-note headers ("Renewal call with
[NAME] at Acme."), a note-taker's follow-ups ("Next step: ..."), calls to readers ("Upvote if
you agree!") and boilerplate ("Feel free to reach out", "Sent from my iPhone") are not insights; other
fragments too short to stand alone join a neighbour. A list item is read without its mark ("- ",
"1. "), a line that only announces a list ("Two issues:") is no insight, nor thanks for help that
close a problem (analyzer/closing_thanks.py)."""

import re

from spacy.language import Language as SpacyPipeline
from spacy.pipeline import Sentencizer

from analyzer.abbreviations import abbreviation_ends_masked
from analyzer.analysis import Analysis, Insight
from analyzer.boilerplate import is_boilerplate
from analyzer.citations import citation_ends_masked
from analyzer.closing_thanks import closing_thanks_dropped
from analyzer.config import AnalyzerConfig
from analyzer.headings import (
    announces_a_list,
    body_start,
    heading_end,
    is_reply_subject,
    list_mark_end,
    restates,
)
from analyzer.inverted_marks import inline_ends_masked, opening_marks_carried
from analyzer.names import GREETING, SIGN_OFF, SIGNATURE_CUE
from analyzer.note_actions import follow_up_after_a_quote, is_note_action
from analyzer.note_headers import feedback_span, is_call_header
from analyzer.placeholders import PLACEHOLDER
from analyzer.quotes import open_quote, quotations
from analyzer.reference_lines import is_reference_line
from analyzer.resources import Resources
from analyzer.scoped_contrasts import scopes_a_failure
from analyzer.sentencizers import SentenceSpans, sentencizer
from analyzer.signatures import sign_off_detail_lines
from analyzer.tenure import tells_tenure

SPACY_LANGUAGES = {"en", "fr", "de", "es", "it", "pt"}
# Split before these words when both sides are long enough to be insights of their own.
_CLAUSE_BREAK = re.compile(
    # (not Portuguese "o mais rápido possível": "mais" there is "most", not French "but")
    r"(?<!\b[oa])(?<!\b[oa]s)[,;]?\s+(?!mais (?:r[áa]pido|breve|cedo|depressa|tarde)\b)(?=(?:but|however|although|whereas|also|mais|cependant|par contre|en revanche|"
    r"aussi|sauf que|aber|jedoch|pero|sin embargo|però|tuttavia|mas|porém)\b)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
# "Hi!", "Bonjour à tous,", "Hello Ouvrage team,"; "Thanks!", "Kind regards,", "Merci pour votre
# aide,". A closing with other words must end in a comma: "Thanks for fixing it." is feedback.
_PLEASANTRY = re.compile(
    rf"[-–—\s]*(?:{GREETING}(?:\s*[,!.:]?|(?:\s+[^\s,!.:]+){{1,3}}\s*[,!:])"
    rf"|{SIGN_OFF}(?:\s*[,!.]*|(?:\s+[^\s,!.]+){{1,3}}\s*,)|{SIGNATURE_CUE})?[\s,.!:;()-]*",
    re.IGNORECASE,
)

# A community post's closing call to readers ("Upvote if you agree!", "Anyone else seeing this?",
# "D'autres personnes ont ce souci ?", "Thanks for reading."): it asks for votes or company and
# names no need, so it is no insight of its own, and such closers made themes of their own.
_ENGAGEMENT = re.compile(
    r"[-–—\s]*(?:"
    r"(?:please\s+)?(?:\+1|upvote|vote|like|thumbs up)(?:\s+(?:this|it))?"
    r"(?:\s+if\s+(?:you|u)\s+(?:agree|need\s+(?:this|it)|want\s+(?:this|it)|"
    r"have\s+(?:this|it|the\s+same)(?:\s+(?:issue|problem))?)(?:\s+too|\s+as\s+well)?)?"
    r"|(?:is\s+|does\s+|has\s+)?any(?:one|body)\s+else(?:\s+(?:\w+\s+){0,2}"
    r"(?:this|that|it|the\s+same)(?:\s+(?:issue|problem|bug|thing))?(?:\s+too|\s+as\s+well)?)?"
    r"|(?:is\s+it|it'?s)\s+just\s+me|am\s+i\s+the\s+only\s+one(?:\s+\w+){0,4}"
    r"|thanks?(?:\s+you)?\s+for\s+(?:reading|listening|your\s+time)"
    r"|\+1\s+si\s+vous\s+(?:êtes\s+(?:dans\s+le\s+même\s+cas|d'accord)|"
    r"en\s+avez\s+(?:aussi\s+)?besoin(?:\s+aussi)?|avez\s+(?:le\s+même|ce)\s+(?:souci|problème))"
    r"|votez(?:\s+pour)?(?:\s+si\s+vous\s+êtes\s+d'accord)?"
    r"|(?:est-ce\s+que\s+)?(?:d'autres(?:\s+(?:personnes|utilisateurs|gens))?|quelqu'un"
    r"(?:\s+d'autre)?)\s+(?:\w+\s+){0,2}(?:ce|le\s+même|ces|les\s+mêmes)\s+"
    r"(?:souci|soucis|problème|problèmes|bug|bugs)(?:\s+aussi)?"
    r"|(?:je\s+suis|suis-je)\s+(?:le\s+seul|la\s+seule)(?:\s+\w+){0,4}|il\s+n'y\s+a\s+que\s+moi"
    r"|merci\s+(?:de\s+m'avoir\s+lu|d'avoir\s+lu|(?:pour|de)\s+votre\s+lecture)"
    r")[\s?!.,:;()🙏👍]*",
    re.IGNORECASE,
)

Span = tuple[int, int]


# The sentencizer ends a sentence after a token that is one of these characters, so a line with
# none of them before its closing run of them (and spaces) is one sentence.
_ENDS = re.escape("".join(Sentencizer.default_punct_chars))
_ONE_SENTENCE = re.compile(rf"[^{_ENDS}]*[{_ENDS}\s]*")


def _one_sentence(line: str) -> bool:
    return _ONE_SENTENCE.fullmatch(line) is not None


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and (text[start].isspace() or text[start] in ",;"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


# Words that say nothing of their own after a contrast: "…invalid password but it's right."
# points back at what came before and stays with it.
_NO_CONTENT = frozenset(
    ("but", "however", "although", "whereas", "also", "it", "its", "s", "is", "was", "that",
     "this", "they", "them", "he", "she", "so", "not", "right", "correct", "true", "wrong", "fine",
     "ok", "okay", "same", "really", "just", "still", "there", "mais", "ça", "ca", "c", "est",
     "il", "elle", "vrai", "juste", "bon", "pareil")
)  # fmt: skip


def _has_content(clause: str) -> bool:
    return any(word.lower() not in _NO_CONTENT for word in _WORD.findall(clause))


# A postscript's mark is no word of the clause after it: "P.S. the export also crashes" was cut
# into "P.S. the export" and "also crashes".
_POSTSCRIPT = re.compile(r"\s*(?:p\.?\s?p\.?\s?s|p\.?-?\s?s|n\.?\s?b)\b\.?\s*[:,-]?", re.IGNORECASE)


def _clause_words(clause: str) -> int:
    mark = _POSTSCRIPT.match(clause)
    return _words(clause[mark.end() :] if mark else clause)


# "and" before a contrast word ("…is broken and also the search is slow") joins the two clauses:
# it ends neither ("but the export is broken and").
_JOINING = re.compile(r"[,;]?\s+(?:and|or|et|ou|und|oder|y|o|e|ed)$", re.IGNORECASE)


# "also" after "to" sits inside its verb: "Lastly, allow me to also point out that…" is one
# clause. (After an auxiliary, "is also gone", it moved gold answers: measured, left as it was.)
_TO_BEFORE_ALSO = re.compile(r"\bto$", re.IGNORECASE)


def _also_inside_a_verb(before: str, after: str) -> bool:
    return after[:4].lower() == "also" and _TO_BEFORE_ALSO.search(before) is not None


def clause_spans(text: str, start: int, end: int, min_words: int) -> list[Span]:
    spans, cursor = [], start
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        after = text[match.end() : end]
        joining = _JOINING.search(text, cursor, match.start())
        cut = joining.start() if joining else match.start()
        if (
            _clause_words(text[cursor:cut]) > min_words
            and _words(after) > min_words
            and _has_content(re.split(r"[,;]", after, maxsplit=1)[0])
            # "We've been customers for 3 years, but the app keeps getting slower": the tenure is
            # the complaint's context, not an insight of its own
            and not tells_tenure(text[cursor : match.start()])
            # "small ones are fine but the full project export dies": one failure, scoped
            and not scopes_a_failure(text[cursor : match.end()], after)
            and not _also_inside_a_verb(text[cursor : match.start()], after)
        ):
            spans.append((cursor, cut))
            cursor = match.end()
    spans.append((cursor, end))
    return [span for s, e in spans if (span := _trim(text, s, e))]


# An e-mail's opening courtesy says nothing about the product (it was read as praise), alone or
# after its greeting on the line ("Hi [NAME], hope you're doing well!", "Hola equipo, espero que
# estéis bien."). A hope about anything else ("Hope you fix the sync soon") is no courtesy.
_HOPE_WELL = (
    r"(?:I |we )?hope (?:this|my (?:e-?mail|message|note)) finds you (?:all )?well"
    r"|(?:I |we )?hope (?:you(?:'re| are)(?: all)?|you all are|all is|everything is|all'?s) "
    r"(?:well|doing well|good|fine|great|keeping well)"
    r"|(?:j'|j’)esp[èe]re que (?:vous allez|tu vas|vous vous portez|tu te portes|tout va) bien"
    r"(?: de votre côté| de ton côté| chez vous)?"
    r"|ich hoffe,? (?:es geht )?(?:ihnen|dir|euch) (?:allen )?gut(?: geht)?"
    r"|espero que (?:se encuentre|se encuentren|te encuentres|os encontr[ée]is|est[ée]s?|"
    r"est[ée]is|est[ée]n|todo (?:vaya|va|est[ée]) )(?: todos| todas)? ?bien"
    r"|spero (?:che )?(?:tu stia|stia|stiate|stiano|state)(?: tutti)? bene|spero (?:che )?(?:tutto|"
    r"vada tutto) bene"
    r"|espero que (?:esteja|estejam|você esteja|vocês estejam)(?: todos)? bem"
)
_WELL_WISHING = re.compile(
    rf"(?:{GREETING}(?:\s+[^\s,!.:]+){{0,3}}\s*[,!.:]\s*)?[\s,]*(?:{_HOPE_WELL})[\s,.!]*",
    re.IGNORECASE,
)


def is_pleasantry(text: str) -> bool:
    text = PLACEHOLDER.sub(" ", text)
    if _PLEASANTRY.fullmatch(text) is not None:
        return True
    return _WELL_WISHING.fullmatch(text.strip(" ,.!")) is not None


def is_engagement(text: str) -> bool:
    return _ENGAGEMENT.fullmatch(text.replace("’", "'")) is not None


_SAYS_NOTHING = (
    is_pleasantry,
    is_call_header,
    is_engagement,
    is_note_action,
    is_boilerplate,
    is_reference_line,
    announces_a_list,
)


def _says_nothing(text: str) -> bool:
    return any(says_nothing(text) for says_nothing in _SAYS_NOTHING)


def drop_pleasantries(spans: list[Span], text: str) -> list[Span]:
    """Spans that are only a greeting, a sign-off, redacted details, a call note's header, a
    note-taker's follow-up ("Next step: ..."), a call to readers or boilerplate ("Contact me at
    [EMAIL]", "Sent from my iPhone") leave; if nothing else is left ("Thanks!"), the message
    keeps them."""
    kept = [(start, end) for start, end in spans if not _says_nothing(text[start:end])]
    return kept or spans


def cut_follow_ups(spans: list[Span], text: str) -> list[Span]:
    """A note-taker's follow-up on the line of a quote ("« L'export plante ! » Prochaine étape :
    envoyer un correctif.") cut off into a span of its own, for drop_pleasantries to drop: it was
    read as part of the customer's words."""
    cut: list[Span] = []
    for start, end in spans:
        at = follow_up_after_a_quote(text[start:end])
        if at is None:
            cut.append((start, end))
        else:
            cut.extend(
                span
                for s, e in ((start, start + at), (start + at, end))
                if (span := _trim(text, s, e))
            )
    return cut


def _as_word(match: re.Match) -> str:
    """A placeholder as the tokenizer reads a word, of the same length so that offsets hold:
    spaCy's French tokenizer read "[EMAIL]." as one token, and the sentence never ended there."""
    return "X" * len(match.group())


# A question or exclamation mark inside a quotation ends no sentence: "remplacés par des « ? »
# dans l'export CSV." is one insight, not two halves.
_QUOTED_ENDS = re.compile(r"[?!]")
_OPENING_MARK = re.compile(r"[«“„\"]")


def quoted_ends_masked(line: str) -> str:
    """The line with each ? and ! inside a closed quotation read as a comma (same length, so
    that offsets hold) by the sentencizer."""
    if not (_QUOTED_ENDS.search(line) and _OPENING_MARK.search(line)):
        return line  # most lines: nothing to read character by character
    for start, end in quotations(line):
        line = line[:start] + _QUOTED_ENDS.sub(",", line[start:end]) + line[end:]
    return line


def keep_placeholders_whole(spans: list[Span], text: str) -> list[Span]:
    """Move a boundary that falls inside a placeholder to its start: the sentencizer keeps an
    opening bracket with the sentence before it ("Perrin. [" | "NAME] : « … »")."""
    fixed = list(spans)
    for i in range(len(fixed) - 1):
        for match in PLACEHOLDER.finditer(text, fixed[i][0], fixed[i + 1][1]):
            if match.start() < fixed[i + 1][0] < match.end():
                fixed[i] = (fixed[i][0], match.start())
                fixed[i + 1] = (match.start(), fixed[i + 1][1])
    return [span for s, e in fixed if (span := _trim(text, s, e))]


def _open_quote(text: str) -> int | None:
    """open_quote, which reads character by character, run only on a text with an opening mark."""
    return open_quote(text) if _OPENING_MARK.search(text) else None


# A quoted passage longer than this stays cut at its sentences (an unclosed mark must not swallow
# the rest of a long line).
_QUOTE_SPAN = 400


def keep_quotes_whole(spans: list[Span], text: str) -> list[Span]:
    """Join a span that leaves «…» or "…" open to the next ones on its line, up to the closing
    mark: "« L'export plante. C'est inutilisable. »" is one quote, not two halves. A mark still
    open after `_QUOTE_SPAN` characters (or at the line's end) leaves the spans as they were."""
    joined: list[Span] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        j = i
        while _open_quote(text[start:end]) is not None and j + 1 < len(spans):
            following = spans[j + 1]
            if following[1] - start > _QUOTE_SPAN or "\n" in text[end : following[0]]:
                break
            j, end = j + 1, following[1]
        if j > i and _open_quote(text[start:end]) is None:
            joined.append((start, end))
            i = j + 1
        else:
            joined.append(spans[i])
            i += 1
    return joined


# A plain-text e-mail wraps its lines at ~72 characters: a long line that stops mid-sentence
# (no closing punctuation) followed by one that starts in lower case is one sentence, cut.
_WRAPPED_AT = 40
_ENDS_SENTENCE = re.compile(r"[.!?…:;)\]»\"]\s*$")


def unwrapped_lines(text: str, start: int = 0) -> list[Span]:
    """The text's lines from `start` on, with hard-wrapped ones joined back (short lines, such
    as a list of items without punctuation, stay apart)."""
    lines = [(m.start(), m.end()) for m in re.compile(r"[^\n]+").finditer(text, start)]
    joined: list[Span] = []
    for start, end in lines:
        if joined and continues(text[joined[-1][0] : joined[-1][1]], text[start:end]):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def continues(before: str, line: str) -> bool:
    last = before.rsplit("\n", 1)[-1]
    head = line.lstrip()
    return (
        len(last.strip()) >= _WRAPPED_AT
        and not _ENDS_SENTENCE.search(last)
        and head[:1].islower()
        and not is_pleasantry(last)
    )


def merge_short(
    spans: list[Span], text: str, min_words: int, items: frozenset[int] = frozenset()
) -> list[Span]:
    """Join fragments under `min_words` words to the next span (or the previous one at the end).
    A list item (its start in `items`) stands alone however short: "1. Export fails." is one."""
    merged: list[Span] = []
    pending: int | None = None
    for start, end in spans:
        if pending is not None:
            start, pending = pending, None
        if _words(text[start:end]) < min_words and start not in items:
            pending = start
            continue
        merged.append((start, end))
    if pending is not None:
        if merged:
            merged[-1] = (merged[-1][0], spans[-1][1])
        else:
            merged.append((pending, spans[-1][1]))
    return merged


class SegmentStage:
    name = "segment"

    def __init__(self, config: AnalyzerConfig, resources: Resources) -> None:
        self.min_words = config.min_insight_words
        self.max_insights = config.max_insights
        # Built up front: a first pipeline costs tens of milliseconds, kept off a live request.
        codes = {code for code in config.languages if code in SPACY_LANGUAGES} | {"xx"}
        self._pipelines: dict[str, SpacyPipeline] = {code: sentencizer(code) for code in codes}
        self._sentences = {code: SentenceSpans(nlp) for code, nlp in self._pipelines.items()}

    def sentences(self, language: str | None) -> SentenceSpans:
        return self._sentences.get(language or "xx", self._sentences["xx"])

    def spans(self, text: str, language: str | None) -> list[Span]:
        heading = heading_end(text)
        if heading is None:
            return self.region_spans(text, 0, language)
        body = self.region_spans(text, body_start(text, heading), language)
        return with_heading(text, heading, body)

    def region_spans(self, text: str, region: int, language: str | None) -> list[Span]:
        """The insights' spans of the text from `region` on (all of it, or a heading's body)."""
        sentence_spans = self.sentences(language)
        spans: list[Span] = []
        items: set[int] = set()  # where each list item's words start
        signature = sign_off_detail_lines(text)
        for line_start, line_end in unwrapped_lines(text, region):
            if any(s <= line_start and line_end <= e for s, e in signature):
                continue  # a title or company under a sign-off and a name, not the last lines
            if (item := list_mark_end(text, line_start)) > line_start:
                items.add(line_start := item)
            line = inline_ends_masked(quoted_ends_masked(text[line_start:line_end]))
            line = abbreviation_ends_masked(citation_ends_masked(line))
            if _one_sentence(line):  # most feedback lines: no tokenizer run needed
                spans.extend(clause_spans(text, line_start, line_end, self.min_words))
                continue
            sentences = sentence_spans(PLACEHOLDER.sub(_as_word, line))
            for start, end in opening_marks_carried(sentences, line):
                spans.extend(
                    clause_spans(text, line_start + start, line_start + end, self.min_words)
                )
        spans = drop_pleasantries(cut_follow_ups(keep_placeholders_whole(spans, text), text), text)
        spans = closing_thanks_dropped(spans, text)
        spans = keep_quotes_whole(spans, text)
        spans = merge_short(spans, text, self.min_words, frozenset(items)) or [(region, len(text))]
        return [feedback_span(text, start, end) for start, end in spans]  # a note's header off

    def __call__(self, batch: list[Analysis]) -> None:
        for analysis in batch:
            spans = distinct_spans(self.spans(analysis.text, analysis.language), analysis.text)
            analysis.insights = [
                Insight(text=analysis.text[start:end], start=start, end=end)
                for start, end in spans[: self.max_insights]
            ]


# A heading of fewer words says too little alone ("Plante", "Merci", "meh"), and glued onto the
# body's first insight it spoiled it: the stored text keeps it, the insights do not.
_HEADING_INSIGHT_WORDS = 2


def with_heading(text: str, heading: int, body: list[Span]) -> list[Span]:
    """The body's spans, after the heading ending at `heading` as an insight of its own when it
    says something the body does not: not a word alone, nor words the body restates ("Crash"
    over "Crash on startup."), nor a greeting, nor a reply's subject ("Re: [Ticket #4711] Sync
    issue": the old topic). A subject that adds only that the topic fails ("Export PDF en
    erreur") stays: dropped, the message lost the bug_report its failure rule gave it. Over a
    body that says nothing ("Thanks!"), the heading is the insight."""
    span = _trim(text, 0, heading)
    if span is None or _says_nothing(line := text[span[0] : span[1]]) or is_reply_subject(line):
        return body
    if all(_says_nothing(text[start:end]) for start, end in body):
        return [feedback_span(text, *span)]
    said = " ".join(text[start:end] for start, end in body)
    if _words(line) < _HEADING_INSIGHT_WORDS or restates(said, line):
        return body
    return [feedback_span(text, *span), *body]


def distinct_spans(spans: list[Span], text: str) -> list[Span]:
    """The spans less those saying word for word what an earlier one said ("The export is
    broken." pasted 900 times made 900 insights, each counted in its theme)."""
    seen: set[str] = set()
    kept = []
    for start, end in spans:
        words = " ".join(_WORD.findall(text[start:end].casefold()))
        if words and words in seen:
            continue
        seen.add(words)
        kept.append((start, end))
    return kept
