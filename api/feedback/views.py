"""Stored rows as the API shows them."""

from sqlalchemy.orm import selectinload

from api.feedback.schemas import AccountBrief, FeedbackOut, StoredInsight, SuggestedNeed
from api.storage.tables import Feedback, Insight

# What insight_out reads of a feedback's insights, loaded with it (a query per insight otherwise)
INSIGHTS_SHOWN = (
    selectinload(Feedback.insights).selectinload(Insight.link),
    selectinload(Feedback.insights).selectinload(Insight.pending_suggestions),
)


def sentiment(label: str | None, score: float | None) -> dict | None:
    return None if label is None else {"label": label, "score": score}


def urgency(level: str | None, score: float | None) -> dict | None:
    return None if level is None else {"level": level, "score": score}


def insight_parts(insight: Insight) -> dict:
    return {
        "text": insight.text,
        "sentiment": sentiment(insight.sentiment_label, insight.sentiment_score),
        "intents": insight.intents,
        "urgency": urgency(insight.urgency_level, insight.urgency_score),
    }


def message_parts(feedback: Feedback) -> dict:
    """The whole message's language, sentiment, intents and urgency, as POST /v1/tag gives
    them (null and [] while its analysis is pending)."""
    return {
        "language": feedback.language,
        "sentiment": sentiment(feedback.sentiment_label, feedback.sentiment_score),
        "intents": feedback.intents,
        "urgency": urgency(feedback.urgency_level, feedback.urgency_score),
    }


def insight_out(insight: Insight) -> StoredInsight:
    link = insight.link
    # a link supersedes its suggestions; the best pending one is what a reviewer is offered first
    best = insight.pending_suggestions[0] if insight.pending_suggestions and not link else None
    return StoredInsight(
        id=insight.id,
        position=insight.position,
        start=insight.start,
        end=insight.end,
        theme_id=insight.theme_id,
        need_id=link.need_id if link else None,
        need_link=link.how if link else None,
        link_score=link.score if link else None,
        suggested_need=SuggestedNeed(id=best.need_id, score=best.score) if best else None,
        **insight_parts(insight),
    )


def account_brief(feedback: Feedback) -> AccountBrief | None:
    account = feedback.account
    if account is None:
        return None
    return AccountBrief(id=account.id, name=account.name, segment=account.segment, arr=account.arr)


def feedback_out(feedback: Feedback) -> FeedbackOut:
    return FeedbackOut(
        id=feedback.id,
        source=feedback.source,
        external_id=feedback.external_id,
        status=feedback.status,
        text=feedback.text,
        created_at=feedback.created_at,
        received_at=feedback.received_at,
        updated_at=feedback.updated_at,
        score=feedback.score,
        metadata=feedback.meta,
        account=account_brief(feedback),
        contact_id=feedback.contact_id,
        tags=feedback.tags,
        **message_parts(feedback),
        insights=[insight_out(insight) for insight in feedback.insights],
        attempts=feedback.attempts,
        last_error=feedback.last_error,
    )
