"""Request and response models of the custom-tagger routes."""

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from api.errors import json_kind
from api.params import no_surrogates
from api.tagging.schemas import MAX_TEXT_CHARS, NOT_BLANK, not_blank

NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
MAX_EXAMPLES = 50_000
MAX_LABEL_CHARS = 100


def normal_label(label: str) -> str:
    """One spelling per label: " carte perdue " (a spreadsheet's padding) and a decomposed
    "Rückerstattung" (NFD, from macOS) were labels of their own beside the plain one."""
    return unicodedata.normalize("NFC", label.strip())


class Example(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(..., max_length=MAX_TEXT_CHARS, json_schema_extra=NOT_BLANK)
    label: str | list[str] = Field(..., description="A label, or several for a multi-label tagger.")

    _text_not_blank = field_validator("text")(not_blank)

    @field_validator("label", mode="before")
    @classmethod
    def label_is_text(cls, label: object) -> object:
        """Said once on `label`: the union's own errors named each branch ("label.str",
        "label.list[str]"), as if they were fields."""
        if isinstance(label, list):
            if not all(isinstance(item, str) for item in label):
                wrong = next(item for item in label if not isinstance(item, str))
                raise ValueError(f"must be a list of strings (got {json_kind(wrong)} in it)")
        elif not isinstance(label, str):
            raise ValueError(
                "must be a string, or a list of strings for a multi-label tagger "
                f"(got {json_kind(label)})"
            )
        return label

    @field_validator("label")
    @classmethod
    def labels_not_blank(cls, label: str | list[str]) -> str | list[str]:
        labels = [label] if isinstance(label, str) else label
        if not labels or any(not item.strip() for item in labels):
            raise ValueError("label must be a non-empty string (or a non-empty list of them)")
        for item in labels:
            no_surrogates(item)
        labels = [normal_label(item) for item in labels]
        if any(len(item) > MAX_LABEL_CHARS for item in labels):  # every answer carries it
            raise ValueError(f"a label is at most {MAX_LABEL_CHARS} characters: name it shortly")
        return labels[0] if isinstance(label, str) else labels


class TrainRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "examples": [
                        {"text": "I was charged twice for my order", "label": "billing"},
                        {"text": "Why is there a fee on my invoice?", "label": "billing"},
                        {"text": "I can't log in to my account", "label": "login"},
                        {"text": "Password reset link does not work", "label": "login"},
                    ],
                    "multi_label": False,
                    "description": "Support queues",
                }
            ]
        },
    )

    # no min_length: its "send at least 1" hid the real minimum (checked below)
    examples: list[Example] = Field(
        ..., max_length=MAX_EXAMPLES, json_schema_extra={"minItems": 1},
        description="At least 2 labels with 2 examples each (4 examples); with `append`, at "
        "least 1 added to the live version's.",
    )  # fmt: skip
    # strict, as every boolean and number of a body: "yes" or 1 is a 422 saying what to send
    # (errors.as_json), never a guess ("yes" trained a multi-label tagger)
    multi_label: bool = Field(False, strict=True)
    description: str | None = Field(None, max_length=2_000)
    unknown_label: str | None = Field(
        None, description="The label your out-of-scope examples carry; answered as 'unknown'."
    )
    threshold: float | None = Field(
        None,
        ge=0,
        le=1,
        strict=True,
        description="Single-label: below this top score the answer is 'unknown'; left out with "
        "`unknown_label`, one is chosen on the cross-validated scores (the highest that keeps "
        "in-scope accuracy within 0.01 of no threshold; see `threshold` in the answer), left "
        "out without it, none (0). Multi-label: a label applies from this score (0.5 when left "
        "out).",
    )
    append: bool = Field(
        False,
        strict=True,
        description="Add these examples to the live version's, keeping its options "
        "(multi_label, description, unknown_label, threshold) except those this request gives.",
    )

    @field_validator("examples")
    @classmethod
    def some_examples(cls, examples: list[Example]) -> list[Example]:
        if not examples:
            raise ValueError(
                "send examples: a tagger needs at least 2 labels with 2 examples each (4 "
                "examples); an append, at least 1"
            )
        return examples

    @model_validator(mode="after")
    def labels_are_consistent(self) -> "TrainRequest":
        # an append that leaves multi_label out keeps the live version's: checked once read
        kept = self.append and "multi_label" not in self.model_fields_set
        if (
            not self.multi_label
            and not kept
            and any(isinstance(e.label, list) for e in self.examples)
        ):
            raise ValueError("a label list needs multi_label: true (or send one label per example)")
        if self.multi_label and self.unknown_label:
            raise ValueError("unknown_label is for single-label taggers: use a threshold instead")
        return self


class PredictRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"texts": ["I was charged twice"]}]}
    )

    # each text checked on its own, so that an empty one is named "texts.3" as a long one is
    texts: list[
        Annotated[
            str,
            Field(max_length=MAX_TEXT_CHARS, json_schema_extra=NOT_BLANK),
            AfterValidator(not_blank),
        ]
    ] = Field(..., min_length=1, max_length=1_000)


class RollbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"version": 1}]})

    version: int = Field(
        ..., ge=1, strict=True, description="A saved version (see `versions`) to serve again."
    )


class Scored(BaseModel):
    label: str
    score: float


class Prediction(Scored):
    top: list[Scored]
    labels: list[str] | None = Field(None, description="Every label that applies (multi-label).")


class PredictResponse(BaseModel):
    tagger: str
    version: int
    predictions: list[Prediction]


METRICS = (
    "Cross-validated figures (each example scored by a model trained without it). `accuracy`, "
    "`macro_f1` and `per_label` (precision, recall, f1, support) score the top label alone, "
    "before any threshold: `per_label[unknown_label].recall` is the share of out-of-scope "
    "examples whose top label was `unknown_label`. `out_of_scope_recall` and "
    "`in_scope_accuracy` score the answers as served, threshold included: an answer is "
    "`unknown` when its top label is `unknown_label` or its top score is below `threshold`, so "
    "`out_of_scope_recall` (out-of-scope examples answered unknown either way) is at least "
    "`per_label[unknown_label].recall`, and `in_scope_accuracy` counts an in-scope example "
    "sent to unknown by the threshold as wrong; `in_scope_accuracy_without_threshold` is it "
    "with no threshold (far above `in_scope_accuracy`: the threshold is too high, see "
    "`warning`). Multi-label taggers: `exact_match`, `macro_f1` and `per_label` (f1, support) "
    "at `threshold` (0.5 unless asked)."
)


class TaggerCard(BaseModel):
    """What a key that may only tag reads of a tagger: enough to call it and read its answers."""

    model_config = ConfigDict(extra="forbid")  # never mistaken for a TaggerInfo in a list

    name: str
    version: int = Field(
        description="The live version: what predictions and /v1/tag use (in a training's "
        "answer: the version it saved, see `live`)."
    )
    live: bool = Field(
        True,
        description="Whether `version` serves. false only in the answer of a training that "
        "finished after a rollback: saved, not served (see `warning`).",
    )
    description: str | None
    multi_label: bool
    labels: list[str]
    unknown_label: str | None = Field(
        description="The label of its out-of-scope examples, answered as 'unknown'."
    )
    created_at: str


class TaggerInfo(TaggerCard):
    """Everything about a tagger: its training figures and warnings too (scope `read`)."""

    model_config = ConfigDict(extra="ignore")

    versions: list[int] = Field(
        description="Every saved version; POST /v1/taggers/{name}/rollback makes one live again."
    )
    counts: dict[str, int]
    threshold: float
    metrics: dict = Field(description=METRICS)
    message_vector: str = Field(
        description="The message vector it was trained on (BOUCLE_MESSAGE_VECTOR then)."
    )
    warning: str | None = Field(
        None,
        description="Why its answers may differ from its metrics, or why those are low (a "
        "cross-validated accuracy under 0.5 or no better than always answering its commonest "
        "label; multi-label: a macro-F1 under 0.5), and what to do. Such a tagger serves anyway.",
    )


class TaggerList(BaseModel):
    items: list[TaggerInfo | TaggerCard] = Field(
        description="TaggerInfo for a key with `read` or `admin`, TaggerCard for a `tag` key."
    )
