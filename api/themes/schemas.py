"""Themes as the API takes and gives them."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from api.feedback.schemas import FILTER_WARNINGS
from api.params import Id, MomentTo
from api.themes.trends import Period


class ThemeEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200, pattern=r"\S",
                             description="A name a person gives is kept by every refit; null "
                             "gives the name back to discovery (the next refit names it).")  # fmt: skip
    description: str | None = Field(None, max_length=2_000)
    parent_id: Id | None = Field(None, description="Move under this parent theme.")


class ThemeMerge(BaseModel):
    model_config = ConfigDict(extra="forbid")

    into: Id
    sources: list[Id] = Field(..., min_length=1, max_length=100)


class ThemeSeed(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "name": "Calendar sync", "description": "Sync with Google Calendar or Outlook fails",
            "examples": ["My calendar no longer syncs", "La synchro avec Outlook ne marche plus"],
        }]},
    )  # fmt: skip

    name: str = Field(..., min_length=1, max_length=200, pattern=r"\S")
    description: str | None = Field(None, max_length=2_000)
    examples: list[str] = Field(default_factory=list, max_length=50)
    parent_id: Id | None = None

    @field_validator("examples")
    @classmethod
    def examples_have_words(cls, examples: list[str]) -> list[str]:
        blank = [i for i, text in enumerate(examples) if not text.strip()]
        if blank:
            raise ValueError(f"examples {blank[:10]} are empty: remove them or write the example")
        return examples

    @model_validator(mode="after")
    def has_something_to_match(self) -> "ThemeSeed":
        # a seed is "from examples" (README): a name alone is a word or two whose vector
        # attracts no insight, and it stayed an empty theme counted in the tree for good
        if not self.examples and not (self.description or "").strip():
            raise ValueError("give at least one example sentence (or a description): a name "
                             "alone is too little for insights to join the theme")  # fmt: skip
        return self


class Quote(BaseModel):
    insight_id: int
    text: str
    feedback_id: int
    source: str
    created_at: datetime
    language: str | None = None
    account_id: str | None
    account_name: str | None = None
    segment: str | None = None
    arr: float | None = None


class ThemeSummary(BaseModel):
    id: int
    level: Literal["theme", "parent"]
    name: str
    names: dict[str, str] = Field(
        default_factory=dict,
        description="Label per language for a theme mixing languages (e.g. en and fr); `name` "
        "is the one in the reader's language (`lang`, else Accept-Language) when there is one, "
        "else the one in the workspace's main language (the language most insights are in). "
        "Empty once a person named the theme: their name is the name in every language.",
    )
    keywords: list[str]
    size: int
    parent_id: int | None
    seeded: bool
    accounts: int
    arr: float
    sentiment: dict[str, int]
    trend: list[dict] = Field(
        default_factory=list,
        description="Weekly volume, last 8 weeks: {period_start, volume} (the rest per period "
        "is GET /v1/themes/{id}/trends).",
    )
    children: list["ThemeSummary"] = Field(default_factory=list)


class ThemeTree(BaseModel):
    items: list[ThemeSummary]
    unthemed: int = Field(..., description="Insights in no theme (outliers, or before a refit).")


class RankedTheme(BaseModel):
    id: int
    level: Literal["theme", "parent"]
    name: str
    parent_id: int | None
    insights: int = Field(..., description="Its insights among those matching the filters.")
    share: float = Field(..., description="insights / the matching insights (0 to 1).")
    sentiment: dict[str, int] = Field(..., description="Of its matching insights.")


class ThemeRanking(BaseModel):
    insights: int = Field(..., description="Insights matching the filters, themed or not.")
    unthemed: int = Field(..., description="Of them, in no theme.")
    items: list[RankedTheme] = Field(..., description="Most insights first.")
    warnings: list[str] = Field(
        default_factory=list, description=FILTER_WARNINGS.format(found="themes ranked")
    )


class SegmentShare(BaseModel):
    segment: str | None = Field(..., description="null: no account, or no segment on it.")
    insights: int
    accounts: int
    arr: float = Field(..., description="ARR of its accounts, each once.")


class LanguageShare(BaseModel):
    language: str | None = Field(..., description="ISO 639-1; null: not detected.")
    insights: int


class FedNeed(BaseModel):
    id: int
    title: str
    status: str
    insights: int = Field(..., description="The theme's insights linked to it as evidence.")


class ThemeDetail(BaseModel):
    id: int
    level: Literal["theme", "parent"]
    name: str
    names: dict[str, str] = Field(
        default_factory=dict,
        description="Label per language for a theme mixing languages (e.g. en and fr); `name` "
        "is the one in the reader's language (`lang`, else Accept-Language) when there is one, "
        "else the one in the workspace's main language (the language most insights are in). "
        "Empty once a person named the theme: their name is the name in every language.",
    )
    name_locked: bool
    description: str | None
    parent_id: int | None
    keywords: list[str]
    size: int
    status: str
    merged_into_id: int | None
    seeded: bool
    seed_examples: list[str]
    accounts: int
    arr: float
    sentiment: dict[str, int]
    top_intents: list[dict]
    quotes: list[Quote] = Field(
        ...,
        description="Up to 5 representative quotes, each text once (case, spacing and "
        "emoji aside); more: GET /v1/feedback?theme={id}.",
    )
    top_accounts: list[dict] = Field(
        ..., description="The accounts with the most ARR, `accounts_limit` of them (of `accounts`)."
    )
    by_segment: list[SegmentShare] = Field(..., description="Most insights first.")
    by_language: list[LanguageShare] = Field(..., description="Most insights first.")
    needs: list[FedNeed] = Field(
        default_factory=list,
        description="The needs holding its insights as evidence (a parent: its themes'), most "
        "first; merged needs left out (GET /v1/needs?theme={id} lists them with their impact).",
    )
    lineage: list[dict]
    created_at: datetime
    updated_at: datetime


class ThemeTrends(BaseModel):
    theme_id: int
    period: Period
    points: list[dict]


class WindowQuote(Quote):
    said: int = Field(
        1,
        description="The window's insights of the theme with this text (case, spacing and "
        "emoji aside): each text is quoted once.",
    )


class EmergingTheme(BaseModel):
    theme: ThemeSummary
    recent: int = Field(..., description="Insights in the window.")
    baseline: int = Field(..., description="Insights in the baseline period before it.")
    expected: float = Field(..., description="Expected in the window at the baseline rate.")
    ratio: float
    p_value: float
    new: bool = Field(
        ...,
        description="The theme first appeared in the window: none of its insights is "
        "older than the window, or a refit other than the first fit created it during the "
        "window (the topic had no theme before; its older insights waited in none).",
    )
    quotes: list[WindowQuote] = Field(
        ..., description="The window's distinct texts, nearest the theme first."
    )


class LooseTheme(BaseModel):
    id: int
    name: str
    recent: int = Field(..., description="The window's insights in it, unlike its members.")


class UnthemedGrowth(BaseModel):
    """A topic no theme knows, rising: the window's insights in no theme, and those of a theme
    whose rise is unlike its members (the nearest theme took them at ingest)."""

    recent: int = Field(..., description="Insights in the window: in no theme, plus `loose`.")
    baseline: int = Field(..., description="Insights in no theme in the baseline period.")
    expected: float
    ratio: float
    p_value: float
    in_no_theme: int
    loose: list[LooseTheme] = Field(..., description="Themes that took a new topic's insights.")
    quotes: list[Quote]


class EmergingList(BaseModel):
    as_of: datetime
    window_days: int
    baseline_days: int
    test: str
    items: list[EmergingTheme]
    unthemed: UnthemedGrowth | None = Field(
        None, description="A new topic's growth, when it passes the same test; none otherwise."
    )
    note: str | None = Field(
        None,
        description="When nothing emerges (no item, no unthemed growth): what is missing, as "
        "the test saw it: no theme yet (a refit), too few insights in the window (a longer "
        "window_days or a lower min_count), or nothing (themes tested, none rising).",
    )


class ThemeAlertOut(BaseModel):
    id: int
    theme_id: int | None = Field(..., description="None for unthemed growth.")
    kind: Literal["emerging", "new", "unthemed"]
    status: Literal["pending", "sent", "failed", "undeliverable", "not_sent"]
    attempts: int
    last_error: str | None = Field(
        ..., description='Why it is not sent, the host alone: "webhook hooks.acme.com: HTTP 503".'
    )
    created_at: datetime = Field(..., description="When the episode started (the test's as_of).")
    sent_at: datetime | None
    payload: dict = Field(..., description="What the webhook receives (signed, keyed).")


class ThemeAlertList(BaseModel):
    webhook: bool = Field(..., description="Whether BOUCLE_THEME_ALERT_WEBHOOK_URL is set.")
    items: list[ThemeAlertOut]


class RefitRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # strict: true or false, not 1 or "yes" (a cold refit redraws every theme: never guessed)
    cold: bool = Field(False, strict=True, description="Start the themes over: discover them from scratch and "
                       "regroup the parents; themes that are the same keep their id, those a "
                       "person named or seeded are kept.")  # fmt: skip


class AlertCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")
    as_of: MomentTo | None = Field(
        None,
        description="End of the window (a day: all of it, in BOUCLE_TIMEZONE; no zone: UTC); "
        "now by default.",
    )
