"""Language detection with lingua, restricted to the supported languages; when lingua is unsure
(short texts), function words only one language uses decide; "und" when neither is sure. A very
short text's own cue words (analyzer/short_language_cues.py) go first: on a few letters lingua
guesses."""

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from analyzer.analysis import Analysis
from analyzer.config import AnalyzerConfig
from analyzer.headings import body_of
from analyzer.resources import Resources
from analyzer.short_language_cues import UNSURE_MAX_WORDS, WORD, short_text_language
from analyzer.spacy_files import spacy_lang_file

UNDETERMINED = "und"
# Detection time grows with length, accuracy stops growing long before: read the start only.
SAMPLE_CHARS = 400


def build_detector(codes: tuple[str, ...]) -> LanguageDetector | None:
    """None for a single language: there is nothing to choose."""
    if len(codes) < 2:
        return None
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
    return (
        LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()
    )


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
        if language := short_text_language(text[:SAMPLE_CHARS], self.codes):
            return language
        values = self.detector.compute_language_confidence_values(text[:SAMPLE_CHARS])
        if values and values[0].value >= self.min_confidence:
            return values[0].language.iso_code_639_1.name.lower()
        cued = short_text_language(text[:SAMPLE_CHARS], self.codes, UNSURE_MAX_WORDS)
        return cued or self.by_function_words(text[:SAMPLE_CHARS])

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
