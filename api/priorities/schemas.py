"""GET /v1/priorities' JSON: needs ranked by RICE, each factor with how it was derived."""

from datetime import datetime

from pydantic import BaseModel, Field

from api.needs.schemas import NeedStatus
from api.priorities.reach import Reach


class RiceFactor(BaseModel):
    value: float | None = Field(..., description="What the score uses: the override, if any.")
    derived: float | None = Field(..., description="What the evidence gives.")
    how: str = Field(..., description="How it was derived, in words.")
    overridden: bool = False
    defaulted: bool = Field(False, description="Effort: BOUCLE_RICE_DEFAULT_EFFORT, unset.")
    unit: str | None = Field(None, description="Reach: what it counts (accounts, customers, "
                             "arr, people or feedback).")  # fmt: skip


class RiceFactors(BaseModel):
    reach: RiceFactor
    impact: RiceFactor
    confidence: RiceFactor
    effort: RiceFactor


class PriorityQuote(BaseModel):
    insight_id: int
    quote: str
    source: str
    created_at: datetime
    account_id: str | None
    account_name: str | None
    arr: float | None


class Priority(BaseModel):
    rank: int
    need_id: int
    title: str
    status: NeedStatus
    score: float | None
    factors: RiceFactors
    accounts: int
    arr: float
    insights: int
    evidence: list[PriorityQuote] = Field(..., description="Up to 3 quotes, highest ARR first.")
    no_evidence: bool = Field(..., description="Nothing of the window links to it: ranked last.")
    pending_suggestions: int


class MatrixPoint(BaseModel):
    """A need on the impact / effort matrix."""

    need_id: int
    title: str
    impact: float | None
    effort: float | None
    reach: float | None


class PriorityList(BaseModel):
    items: list[Priority]
    matrix: list[MatrixPoint]
    window_days: int = Field(..., description="The days the evidence counts.")
    reach: Reach
    warnings: list[str] = Field(
        default_factory=list, description="A segment no account has: ranked on no evidence."
    )
