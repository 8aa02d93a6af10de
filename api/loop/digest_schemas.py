"""GET /v1/digest's JSON: the period's top needs, emerging themes, NPS and CSAT, loops closed."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from api.needs.schemas import NeedStatus
from api.priorities.reach import Reach

DigestPeriod = Literal["day", "week", "month"]


class DigestNeed(BaseModel):
    rank: int
    need_id: int
    title: str
    score: float | None
    accounts: int
    arr: float
    insights: int
    reach: float | None
    reach_unit: str | None = Field(..., description="What `reach` counts, as the ranking's.")


class DigestTheme(BaseModel):
    theme_id: int
    name: str
    recent: int = Field(..., description="Insights in the window.")
    baseline: int = Field(..., description="Insights in the baseline period before it.")
    baseline_days: int
    expected: float = Field(..., description="Expected in the window at the baseline rate.")
    ratio: float
    new: bool
    p_value: float


class SurveyScore(BaseModel):
    """NPS or CSAT of the period, as GET /v1/voc/nps and /v1/voc/csat count it."""

    score: float | None
    change: float | None = Field(..., description="Against the period just before.")
    responses: int
    few_answers: bool = Field(..., description="Too few answers to rely on.")
    previous_responses: int
    previous_few_answers: bool
    source: str


class DigestVoc(BaseModel):
    nps: SurveyScore
    csat: SurveyScore


class LoopClosure(BaseModel):
    """A need's decision told in the period: to how many people, and whether its loop is
    closed (what they were told is its status now, and nobody it tells is left untold)."""

    need_id: int
    title: str
    kind: str = Field(..., description="The decision told: shipped or declined.")
    status: NeedStatus
    notified: int
    closed: bool


class Digest(BaseModel):
    period: DigestPeriod
    since: datetime
    until: datetime
    currency: str
    reach: Reach
    top_needs: list[DigestNeed]
    emerging_themes: list[DigestTheme]
    voc: DigestVoc
    loop_closures: list[LoopClosure]
