"""Needs as the API takes and gives them."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from api.feedback.schemas import FILTER_WARNINGS
from api.params import Id, iso_639_1
from api.priorities.reach import Reach
from api.priorities.rice import IMPACT_LEVELS

NeedStatus = Literal["open", "planned", "in_progress", "shipped", "declined"]


def each_once(ids: list[int]) -> list[int]:
    """Ids in their first order, each once (a repeated id would be linked, and logged, twice)."""
    return list(dict.fromkeys(ids))


# A need's title, the main one or one of its titles per language.
NeedTitle = Annotated[str, Field(min_length=1, max_length=300, pattern=r"\S")]


def one_title_per_language(titles: dict[str, str | None]) -> dict[str, str | None]:
    """Keys as ISO 639-1 codes ("FR", "fr-CA" -> "fr"), titles without their outer spaces; two
    keys naming one language are refused rather than one of them silently dropped."""
    out: dict[str, str | None] = {}
    for key, title in titles.items():
        code = iso_639_1(key)
        if code in out:
            raise ValueError(f"{key!r} names {code} a second time: give one title per language")
        out[code] = title.strip() if title is not None else title
    return out


# What a create sets; an edit's null takes a language's title away.
Titles = Annotated[dict[str, NeedTitle], AfterValidator(one_title_per_language)]
TitleEdits = Annotated[dict[str, NeedTitle | None], AfterValidator(one_title_per_language)]

TITLES = (
    'Its title per language (ISO 639-1 code -> title, e.g. {"fr": "Export vers Excel"}): a '
    "customer told of a decision in that language reads it instead of `title`."
)


class NeedCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: NeedTitle
    titles: Titles = Field(default_factory=dict, description=TITLES)
    description: str | None = Field(None, max_length=5_000)
    status: NeedStatus = "open"
    insight_ids: list[Id] = Field(
        default_factory=list,
        max_length=1_000,
        description="Insights that express it: they are linked (manual) and shape its vector; "
        "one linked to another need moves here (that need's lineage says so).",
    )

    _unique = field_validator("insight_ids")(each_once)


class RiceOverrides(BaseModel):
    """A person's values for RICE factors; null lets the evidence decide again."""

    model_config = ConfigDict(extra="forbid")

    # strict: a JSON number, 2 not "2" (and not true), as feedback's score
    reach: float | None = Field(
        None, ge=0, le=1e9, allow_inf_nan=False, strict=True,
        description="Used only by rankings in `reach_unit`, over every segment (elsewhere the "
        "evidence's reach is, and the factor says why).",
    )  # fmt: skip
    reach_unit: Reach | None = Field(
        None,
        description="What `reach` counts, as ?reach= names it (arr: thousands); sent with "
        "`reach`. Left out: BOUCLE_RICE_REACH. Given back with `reach`: null.",
    )
    impact: float | None = Field(
        None,
        strict=True,
        description="One of the impact scale's steps: 0.25 (minimal), 0.5, 1, 2 or 3 (massive).",
    )
    confidence: float | None = Field(None, ge=0, le=1, allow_inf_nan=False, strict=True)
    effort: float | None = Field(None, gt=0, le=1e4, allow_inf_nan=False, strict=True)

    @model_validator(mode="after")
    def unit_with_its_reach(self) -> "RiceOverrides":
        if self.reach_unit is not None and self.reach is None:
            raise ValueError("reach_unit states what a reach override counts: send it with "
                             "`reach` (a number)")  # fmt: skip
        return self

    @field_validator("impact")
    @classmethod
    def on_the_impact_scale(cls, impact: float | None) -> float | None:
        """A plain number in the schema (an enum of numbers breaks client generators), checked
        against the scale's steps here."""
        if impact is not None and impact not in IMPACT_LEVELS:
            steps = ", ".join(f"{level:g}" for level in IMPACT_LEVELS)
            raise ValueError(f"{impact:g} is not on the impact scale: use one of {steps}")
        return impact


class NeedUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: NeedTitle | None = None
    titles: TitleEdits | None = Field(
        None,
        description=f"{TITLES} Merged into the current ones: a language set to null loses its "
        "title; null takes them all away.",
    )
    description: str | None = Field(None, max_length=5_000)
    status: NeedStatus | None = None
    effort: float | None = Field(None, gt=0, le=1e4, allow_inf_nan=False, strict=True,
                                 description="Person-months, for RICE: a JSON number (2, "
                                 'not "2").')  # fmt: skip
    rice_overrides: RiceOverrides | None = Field(
        None, description="Merged into the current ones; null gives every factor back."
    )

    @model_validator(mode="after")
    def title_and_status_stay(self) -> "NeedUpdate":
        for name in ("title", "status"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null: leave it out to keep it as it is")
        return self


class NeedMerge(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[Id] = Field(..., min_length=1, max_length=100,
                               description="Needs merged into this one; they stop matching.")  # fmt: skip


class LinkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    insight_ids: list[Id] = Field(..., min_length=1, max_length=1_000)

    _unique = field_validator("insight_ids")(each_once)


class Evidence(BaseModel):
    insight_id: int
    quote: str
    how: str
    score: float | None
    feedback_id: int
    source: str
    external_id: str
    created_at: datetime
    language: str | None
    account_id: str | None
    account_name: str | None
    segment: str | None


class NeedOut(BaseModel):
    id: int
    title: str
    titles: dict[str, str] = Field(default_factory=dict, description=TITLES)
    description: str | None
    status: NeedStatus
    created_from: str
    merged_into_id: int | None
    lineage: list[dict]
    created_at: datetime
    updated_at: datetime
    evidence_count: int = Field(
        ...,
        description="Insights linked (the backlog's ?segment=: "
        "those from that segment, as `impact`).",
    )
    accounts: int = Field(..., description="Accounts behind them (?segment=: that segment's).")
    effort: float | None = None
    rice_overrides: dict = Field(default_factory=dict)
    impact: dict | None = Field(None, description="GET /v1/needs/{id}/impact's figures.")
    pending_suggestions: int = Field(
        0,
        description="Suggestions waiting for review: not counted in its impact or RICE yet "
        "(?segment=: that segment's).",
    )
    pending_latest: datetime | None = Field(
        None, description="When the latest of them was written."
    )


class NeedDetail(NeedOut):
    evidence: list[Evidence]


class NeedLinked(NeedDetail):
    """POST /v1/needs/{id}/links's answer: the need, and what the links moved."""

    warnings: list[str] = Field(
        default_factory=list,
        description="An insight linked to another need before is moved here (an insight has "
        "one need): each one moved is said, with the need it left.",
    )


class NeedList(BaseModel):
    items: list[NeedOut]
    warnings: list[str] = Field(
        default_factory=list, description=FILTER_WARNINGS.format(found="evidence counted")
    )


class Suggestion(BaseModel):
    id: int
    need_id: int
    need_title: str
    insight_id: int
    quote: str
    score: float
    status: Literal["pending", "accepted", "rejected", "superseded"]
    created_at: datetime = Field(..., description="When the suggestion was made.")
    # what a reviewer weighs, as the evidence shows it
    written_at: datetime = Field(..., description="When the customer wrote it.")
    source: str
    language: str | None
    account_id: str | None
    account_name: str | None
    segment: str | None


class SuggestionList(BaseModel):
    items: list[Suggestion]
