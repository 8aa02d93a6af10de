"""Language detection with lingua, restricted to the supported languages; "und" when unsure."""

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from analyzer.analysis import Analysis
from analyzer.config import AnalyzerConfig
from analyzer.resources import Resources

UNDETERMINED = "und"
# Detection time grows with length, accuracy stops growing long before: read the start only.
SAMPLE_CHARS = 400


def build_detector(codes: tuple[str, ...]) -> LanguageDetector:
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
    return (
        LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()
    )


class LanguageStage:
    name = "language"

    def __init__(self, config: AnalyzerConfig, resources: Resources) -> None:
        self.detector = build_detector(config.languages)
        self.min_confidence = config.language_min_confidence

    def detect(self, text: str) -> str:
        values = self.detector.compute_language_confidence_values(text[:SAMPLE_CHARS])
        if not values or values[0].value < self.min_confidence:
            return UNDETERMINED
        return values[0].language.iso_code_639_1.name.lower()

    def __call__(self, batch: list[Analysis]) -> None:
        for analysis in batch:
            if not analysis.language_given:
                analysis.language = self.detect(analysis.text)
