"""Analyzer settings: which stages run and with what parameters. Plain pydantic, no environment
reading here (the API's settings build one of these), so the analyzer stays a library."""

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, field_validator

DEFAULT_STAGES = (
    "normalise",
    "language",
    "redact",
    "segment",
    "negation",
    "embed",
    "sentiment",
    "intent",
    "urgency",
    "tags",
)

# models/embedders.py EMBEDDERS registers them (tests/test_models.py keeps the two in step); named
# here so that a setting is checked without loading the model code.
EMBEDDER_NAMES = ("use-multilingual-v3", "all-minilm-l6-v2")


class AnalyzerConfig(BaseModel):
    stages: tuple[str, ...] = Field(
        DEFAULT_STAGES, description="Ordered stage names; leave one out to switch it off."
    )
    embedder: str = "use-multilingual-v3"
    threads: int = Field(2, ge=1, description="CPU threads for the embedder's matrix work.")
    verify_weights: bool = Field(True, description="Check the sha256 of model weights at load.")
    heads_dir: Path | None = Field(None, description="Trained heads folder; None: models/heads.")
    languages: tuple[str, ...] = Field(
        ("en", "fr", "de", "es", "it", "pt"),
        min_length=1,
        description="ISO 639-1 codes the language stage chooses among. A workspace that only "
        "gets English and French should list just those (and raise language_min_confidence to "
        "0.7: docs/evaluation.md measures both); a single language is always that language.",
    )
    language_min_confidence: float = Field(
        0.5, ge=0, le=1, description="Below this lingua confidence, function words decide."
    )
    redact_names: Literal["rules", "ner", "off"] = Field(
        "rules",
        description="Person names: 'rules' (greetings, sign-offs, titles: microseconds), 'ner' "
        "(adds spaCy's small en/fr NER: ~4-10 ms a text, for bulk ingestion), or 'off'.",
    )
    not_names: tuple[str, ...] = Field(
        (),
        description="Your company's and products' names ('Garmin', 'Ouvrage'): never redacted as "
        "a person's name, which 'Thanks Garmin!' or a sign-off would otherwise make them.",
    )
    message_vector: Literal["pooled", "mean", "whole"] = Field(
        "pooled",
        description="A multi-insight message's vector. 'pooled': the embedder's own token pooling "
        "over all the insights' tokens, from the same forward pass (close to an embedding of the "
        "whole text at no extra model work; embedders that cannot pool fall back to 'mean'); "
        "'mean': the length-weighted mean of the insight vectors; 'whole': a second embedding of "
        "the whole text (~3.7 ms more per 30-word ticket).",
    )

    @field_validator("stages")
    @classmethod
    def known_stages(cls, stages: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [s for s in stages if s not in DEFAULT_STAGES]  # every stage runs by default
        if unknown:
            raise ValueError(f"unknown stages {unknown}; the stages are {list(DEFAULT_STAGES)}")
        return stages

    @field_validator("embedder")
    @classmethod
    def known_embedder(cls, name: str) -> str:
        if name not in EMBEDDER_NAMES:
            raise ValueError(f"unknown embedder {name!r}; choose one of {list(EMBEDDER_NAMES)}")
        return name

    @field_validator("languages")
    @classmethod
    def known_language_codes(cls, codes: tuple[str, ...]) -> tuple[str, ...]:
        # Imported here: the config stays importable without the language stage's models.
        from lingua import IsoCode639_1

        codes = tuple(dict.fromkeys(c.strip().lower() for c in codes))
        unknown = [c for c in codes if len(c) != 2 or not hasattr(IsoCode639_1, c.upper())]
        if unknown:
            raise ValueError(
                f"unknown language codes {unknown}: give ISO 639-1 codes such as 'en', 'fr', 'de'"
            )
        return codes

    @field_validator("intent_thresholds")
    @classmethod
    def known_intents(cls, thresholds: dict[str, float]) -> dict[str, float]:
        from analyzer.output_labels import INTENT_LABELS

        unknown = sorted(set(thresholds) - set(INTENT_LABELS))
        if unknown:
            raise ValueError(f"unknown intents {unknown}: the intents are {list(INTENT_LABELS)}")
        outside = {label: t for label, t in thresholds.items() if not 0 < t <= 1}
        if outside:
            raise ValueError(f"intent thresholds must be in (0, 1]: {outside}")
        return thresholds

    fold_shouting: bool = Field(
        True,
        description="Text mostly in capitals is read by the embedder and heads in sentence case "
        "(shouted complaints read as calm or positive); the text itself stays as written.",
    )
    min_insight_words: int = Field(3, ge=1, description="Shorter fragments join a neighbour.")
    max_insights: int = Field(
        50,
        ge=1,
        description="At most this many insights a message: a pasted log gave 185, one line each, "
        "and every line went to the themes. The text is stored whole; beyond the cap it is not "
        "split. A span repeated word for word in one message is one insight.",
    )
    intent_max: int = Field(3, ge=1, description="At most this many intents per insight.")
    intent_thresholds: dict[str, float] = Field(
        default_factory=dict,
        description="Per-intent score thresholds that replace the trained ones (models/heads/"
        "intent.json, each chosen for the best cross-validated F1 on the training mix), e.g. "
        '{"bug_report": 0.35} to catch more bug reports at the cost of more false ones.',
    )
