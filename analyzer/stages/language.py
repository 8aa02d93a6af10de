"""Language detection with lingua, restricted to the supported languages; when lingua is unsure
(short texts), function words only one language uses decide; "und" when neither is sure. A very
short text's own cue words (analyzer/short_language_cues.py) go first: on a few letters lingua
guesses. Boilerplate sentences (a closing offer of help, analyzer/boilerplate.py) are not read
when the rest says something: "The export is broken. N'hésitez pas à me contacter." is English.
Lingua also weighs European languages we do not support: a text it is sure is one of them
("De rapportenpagina is erg traag.", Dutch) is "und", not the supported language nearest it."""

import re
from functools import cache

from lingua import (
    ConfidenceValue,
    IsoCode639_1,
    Language,
    LanguageDetector,
    LanguageDetectorBuilder,
)

from analyzer.analysis import Analysis
from analyzer.boilerplate import is_boilerplate
from analyzer.config import AnalyzerConfig
from analyzer.headings import body_of
from analyzer.resources import Resources
from analyzer.short_language_cues import UNSURE_MAX_WORDS, WORD, short_text_language
from analyzer.spacy_files import spacy_lang_file

UNDETERMINED = "und"
# Detection time grows with length, accuracy stops growing long before: read the start only.
SAMPLE_CHARS = 400
# Latin-script languages that lingua, restricted to ours, read as the nearest supported one
# (Dutch as English or German, Catalan as Spanish, Romanian as Italian): weighed too, so that a
# text sure to be one of them is "und". A configured language is never one of them.
OUTSIDERS = ("nl", "ca", "ro", "sv", "da", "nb", "pl", "cs", "hu", "fi", "tr")
# How sure lingua must be of one of them: an English tweet full of links read Norwegian at 0.51
# (scripts/eval_language.py samples), the Dutch, Swedish, Romanian examples 0.8 to 0.93.
OUTSIDER_MIN_CONFIDENCE = 0.7
# ... and on at least this many words: on one or two it guesses ("Wow" Polish 0.85, "Nuuuuul"
# Romanian 0.84, mini-bar and APIA reviews).
OUTSIDER_MIN_WORDS = 3
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
    languages = [_language(c) for c in (*codes, *(o for o in OUTSIDERS if o not in codes))]
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
        values = self.lingua_values(sample)
        if values is None:  # sure of an unsupported language: no cue word of ours decides
            return UNDETERMINED
        if language := short_text_language(sample, self.codes):
            return language
        if language := self.lingua_language(values):
            return language
        cued = short_text_language(sample, self.codes, UNSURE_MAX_WORDS)
        return cued or self.by_function_words(sample)

    def lingua_values(self, sample: str) -> list[ConfidenceValue] | None:
        """Lingua's confidences, None when it is sure of an unsupported language ("De
        rapportenpagina is erg traag.": "is" would have made it English)."""
        values = self.detector.compute_language_confidence_values(sample)
        top = values[0] if values else None
        sure = max(self.min_confidence, OUTSIDER_MIN_CONFIDENCE)
        sure_outsider = (
            top
            and self.is_outsider(top.language)
            and top.value >= sure
            and len(WORD.findall(sample)) >= OUTSIDER_MIN_WORDS
        )
        return None if sure_outsider else values

    def is_outsider(self, language: Language) -> bool:
        return language.iso_code_639_1.name.lower() not in self.codes

    def lingua_language(self, values: list[ConfidenceValue]) -> str | None:
        """Lingua's supported language at the minimum confidence, its confidence shared among the
        supported languages only (as a detector restricted to them reads it); None below. An
        unsupported language leading below OUTSIDER_MIN_CONFIDENCE does not stop it: on one or
        two words ("Worst", "I like it") one of eleven often leads, unsure."""
        ours = [v for v in values if not self.is_outsider(v.language)]
        total = sum(v.value for v in ours)
        if ours and total > 0 and ours[0].value / total >= self.min_confidence:
            return ours[0].language.iso_code_639_1.name.lower()
        return None

    def lingua_alone(self, text: str) -> str:
        """Lingua's answer without cue or function words (scripts/eval_language.py)."""
        values = self.lingua_values(sample_of(text))
        return (values is not None and self.lingua_language(values)) or UNDETERMINED

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
