"""Language detection with lingua, restricted to the supported languages; when lingua is unsure
(short texts), function words only one language uses decide; "und" when neither is sure. A very
short text's own cue words (analyzer/short_language_cues.py) go first: on a few letters lingua
guesses. Last, where lingua is unsure and no cue or function word decides, the text's stop words
say which languages it can be in, and lingua's clear favourite among them is the answer
(analyzer/relative_language.py: "Filters reset on reload." read German 0.49, English 0.42, and
only English or French writes "on"). Where lingua is sure of a language none of whose stop words
the text writes, another language's function words decide ("Le dashboard ne load plus depuis le
dernier release" read English 0.56: a French ticket full of English product words). Boilerplate
sentences (a closing offer of help, analyzer/boilerplate.py) are not read when the rest says
something: "The export is broken. N'hésitez pas à me contacter." is English.
Languages we do not support are not weighed by lingua (eleven more European ones cost 320 MB and
3 s of start-up): their frequent words and letters (analyzer/unsupported_language_cues.py) make a
text "und" first, before any cue word of ours ("De rapportenpagina is erg traag." is not English
by its "is")."""

import re
from functools import cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from analyzer.analysis import Analysis
from analyzer.boilerplate import is_boilerplate
from analyzer.config import AnalyzerConfig
from analyzer.headings import body_of
from analyzer.relative_language import MIN_CONFIDENCE, likeliest_with_evidence, words_of
from analyzer.resources import Resources
from analyzer.short_language_cues import UNSURE_MAX_WORDS, WORD, short_text_language
from analyzer.spacy_files import spacy_lang_file
from analyzer.unsupported_language_cues import UnsupportedLanguageCues

UNDETERMINED = "und"
# Detection time grows with length, accuracy stops growing long before: read the start only.
SAMPLE_CHARS = 400
# A language lingua gives at least this share is one it hesitates over (a short Spanish ticket:
# Spanish and Portuguese near 0.35 each, Italian 0.12): their own stop words tell them apart.
LEADER_CONFIDENCE = 0.1
# Lingua this sure of a language whose own function word the text writes overrules another's cue
# word ("É demasiado caro.": Portuguese "é", Spanish "demasiado" at 0.77 leaves it Portuguese).
CUE_OVERRULED = 0.9
# ...on a text of at least this many words, when lingua gives the one language at least
# MIN_CONFIDENCE: "Bien", "Tres bien", "what's 3 plus 3" stay undetermined (scripts/eval_language.py).
LEADERS_MIN_WORDS = 3
# Sentences, for leaving boilerplate out: ends of sentences and lines.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\s*\n\s*")


def _language(code: str) -> Language:
    return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))


@cache
def build_detector(codes: tuple[str, ...]) -> LanguageDetector | None:
    """None for a single language: there is nothing to choose. Built once per set of languages
    (a few seconds, models preloaded)."""
    if len(codes) < 2:
        return None
    languages = [_language(c) for c in codes]
    return (
        LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()
    )


def sample_of(text: str) -> str:
    """The start lingua reads, without boilerplate sentences (all of it when that is all the
    text says). Only twice the sample is split: a long text's end is never read."""
    text = text[: 2 * SAMPLE_CHARS]
    sentences = [s for s in _SENTENCE_END.split(text) if s]
    kept = [s for s in sentences if not is_boilerplate(s)]
    return (" ".join(kept) if kept and len(kept) < len(sentences) else text)[:SAMPLE_CHARS]


def own_function_words(codes: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """Per language, spaCy's stop words that none of the other languages has ("how", "my";
    "pourquoi", "mon"): shared ones ("a", "no", "come") say nothing about which it is."""
    stop_words = {code: spacy_stop_words(code) for code in codes}
    return {
        code: frozenset(w for w in words if not any(w in stop_words[o] for o in codes if o != code))
        for code, words in stop_words.items()
    }


def spacy_stop_words(code: str) -> frozenset[str]:
    """spaCy's stop words for a language; none for the few languages spaCy has no list for."""
    module = spacy_lang_file(code, "stop_words")
    return frozenset(module.STOP_WORDS) if module is not None else frozenset()


class LanguageStage:
    name = "language"

    def __init__(self, config: AnalyzerConfig, resources: Resources) -> None:
        self.detector = build_detector(config.languages)
        self.min_confidence = config.language_min_confidence
        self.function_words = own_function_words(config.languages)
        self.only_language = config.languages[0]
        self.codes = config.languages
        self.stop_words = {code: spacy_stop_words(code) for code in config.languages}
        self.unsupported = UnsupportedLanguageCues(config.languages, self.stop_words)

    def detect(self, text: str) -> str:
        """The body's language under a heading (a review's title: "Plante\nCrash on startup."
        is English), the whole text's when the body alone is undetermined."""
        body = body_of(text)
        language = self.detect_text(body)
        return language if language != UNDETERMINED or body is text else self.detect_text(text)

    def detect_text(self, text: str) -> str:
        if self.detector is None:  # one language configured
            return self.only_language if WORD.search(text) else UNDETERMINED
        sample = sample_of(text)
        if self.unsupported.says_unsupported(sample):
            return UNDETERMINED
        cued = short_text_language(sample, self.codes)
        if cued and not (others := self.others_function_words(sample, cued)):
            return cued
        confidences = self.lingua_confidences(sample)
        if cued and not any(confidences.get(code, 0.0) >= CUE_OVERRULED for code in others):
            return cued
        if language := self.confident_language(confidences):
            return self.outvoted_by_function_words(sample, language) or language
        if cued := short_text_language(sample, self.codes, UNSURE_MAX_WORDS):
            return cued
        if (language := self.by_function_words(sample)) != UNDETERMINED:
            return language
        if language := self.by_function_words_among_leaders(sample, confidences):
            return language
        return self.by_relative_confidence(sample, confidences)

    def lingua_confidences(self, sample: str) -> dict[str, float]:
        """Lingua's confidence in each declared language, highest first."""
        values = self.detector.compute_language_confidence_values(sample)
        return {v.language.iso_code_639_1.name.lower(): v.value for v in values}

    def confident_language(self, confidences: dict[str, float]) -> str | None:
        """Lingua's language when at least `min_confidence` sure of it; None below."""
        language, confidence = next(iter(confidences.items()), (None, 0.0))
        return language if confidence >= self.min_confidence else None

    def outvoted_by_function_words(self, sample: str, language: str) -> str | None:
        """Another language, when the text writes none of the stop words of lingua's `language`
        and function words of that one alone decide: a French ticket full of English product
        words ("Le dashboard ne load plus depuis le dernier release" read English 0.56) is French
        by its "ne", "plus", "depuis"."""
        words = words_of(sample)  # links are no words ("t", "co" of a t.co link: Italian)
        if {w.lower().replace("’", "'") for w in words} & self.stop_words[language]:
            return None
        other = self.by_function_words(" ".join(words))
        return other if other not in (UNDETERMINED, language) else None

    def others_function_words(self, sample: str, language: str) -> set[str]:
        """The other languages whose own function words the text writes: where lingua is sure of
        one, a cue word of `language` decides nothing ("Die Produktion steht still.": English
        "still", German "die", German 0.99)."""
        words = {w.lower().replace("’", "'") for w in WORD.findall(sample)}
        return {c for c, own in self.function_words.items() if c != language and words & own}

    def by_function_words_among_leaders(
        self, sample: str, confidences: dict[str, float]
    ) -> str | None:
        """Among the languages lingua gives at least LEADER_CONFIDENCE, the one that writes a
        stop word none of the others has, when no other does: lingua hesitates between Spanish
        and Portuguese on a short ticket ("Sigo sin poder exportar.": 0.35 each), and Spanish
        "sin" is no Portuguese word (Portuguese writes "sem"), though French "sans" keeps it from
        being Spanish's own among all six."""
        leaders = [code for code, value in confidences.items() if value >= LEADER_CONFIDENCE]
        written = words_of(sample)
        if len(leaders) < 2 or len(written) < LEADERS_MIN_WORDS or self.unsupported.signs(written):
            return None
        words = {w.lower().replace("’", "'") for w in written}
        with_own_words = [
            code
            for code in leaders
            if any(
                w in self.stop_words[code]
                and not any(w in self.stop_words[o] for o in leaders if o != code)
                for w in words
            )
        ]
        if len(with_own_words) != 1 or confidences[with_own_words[0]] < MIN_CONFIDENCE:
            return None
        return with_own_words[0]

    def lingua_language(self, sample: str) -> str | None:
        return self.confident_language(self.lingua_confidences(sample))

    def by_relative_confidence(self, text: str, confidences: dict[str, float]) -> str:
        """Among the languages whose stop words the text holds, the one lingua clearly prefers
        (analyzer/relative_language.py); never on a text with a sign of a language we do not
        support."""
        words = words_of(text)
        if self.unsupported.signs(words):
            return UNDETERMINED
        lowered = [w.lower().replace("’", "'") for w in words]
        language = likeliest_with_evidence(lowered, confidences, self.stop_words)
        return language or UNDETERMINED

    def lingua_alone(self, text: str) -> str:
        """Lingua's answer without cue or function words (scripts/eval_language.py)."""
        return self.lingua_language(sample_of(text)) or UNDETERMINED

    def by_function_words(self, text: str) -> str:
        """The one language with at least 2 of its own function words in the text, when no other
        language has any (scripts/eval_language.py: half as many "und" on short queries, no more
        wrong answers)."""
        words = [w.lower().replace("’", "'") for w in WORD.findall(text)]
        hits = {
            code: count
            for code, own in self.function_words.items()
            if (count := sum(w in own for w in words))
        }
        if len(hits) == 1:
            [(code, count)] = hits.items()
            if count >= 2:
                return code
        return UNDETERMINED

    def __call__(self, batch: list[Analysis]) -> None:
        for analysis in batch:
            if not analysis.language_given:
                analysis.language = self.detect(analysis.text)
