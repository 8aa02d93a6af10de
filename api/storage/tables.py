"""The SQL tables (SQLAlchemy 2, SQLite or PostgreSQL). Migrations in api/migrations follow them."""

import secrets
import unicodedata
from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates
from sqlalchemy.types import DateTime, TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


def source_key(source: str) -> str:
    """A source as items are told apart by: "Helpdesk" and "helpdesk" are one source, as reads
    already match them (api/search/service.as_stored)."""
    return source.casefold()


def email_key(email: str | None) -> str | None:
    """An e-mail address as contacts are told apart by, the same on every store: trimmed, NFC
    and casefolded in Python ("ÉLODIE@exemple.fr" is "élodie@exemple.fr", composed or not);
    SQL's lower() folds only ASCII on SQLite. None for no address."""
    if not email or not email.strip():
        return None
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", email.strip()).casefold())


def source_key_of_row(context) -> str:
    return source_key(context.get_current_parameters()["source"])


class UtcDateTime(TypeDecorator):
    """Timezone-aware datetimes on both engines (SQLite keeps no zone: store UTC, read UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give a timezone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def new_unsubscribe_token() -> str:
    """A contact's unsubscribe link's secret: 256 random bits, unguessable."""
    return secrets.token_urlsafe(32)


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(300))
    arr: Mapped[float | None] = mapped_column(Float)
    segment: Mapped[str | None] = mapped_column(String(100), index=True)
    plan: Mapped[str | None] = mapped_column(String(100))
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)
    # made from a bare reference (an item's account_id, a survey's company) that matched no
    # account: nothing known but the name; cleared once any field is set (a CRM import, a PUT)
    auto_created: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    email: Mapped[str | None] = mapped_column(String(320))
    # email_key(email), kept in step by `_keyed` (migration 0019): lookups by address compare it,
    # e.g. an item's contact ref that is an address (is it a known contact's? api/accounts)
    email_key: Mapped[str | None] = mapped_column(String(960), index=True)
    name: Mapped[str | None] = mapped_column(String(300))
    language: Mapped[str | None] = mapped_column(String(8))
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)
    # set: the person asked not to be told when a need ships or is declined (migration 0017)
    notifications_opted_out_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # the secret of their unsubscribe link (GET /v1/unsubscribe/{token}); never in the API
    unsubscribe_token: Mapped[str | None] = mapped_column(
        String(64), default=new_unsubscribe_token, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    @property
    def notifications(self) -> bool:
        """Told when a need they asked about ships or is declined: not opted out."""
        return self.notifications_opted_out_at is None

    @validates("email")
    def _keyed(self, _: str, email: str | None) -> str | None:
        self.email_key = email_key(email)
        return email


class Feedback(Base):
    """One message as received. `raw_text` holds the unredacted words only while the item waits
    for analysis; once analysed, `text` is the redacted text and `raw_text` is cleared."""

    __tablename__ = "feedback"
    __table_args__ = (
        # idempotency: one item per source, whatever its case, and external id (migration 0014)
        Index("uq_feedback_source_key_external_id", "source_key", "external_id", unique=True),
        Index("ix_feedback_status", "status"),
        # oldest-first exports page along it (created_at, then id) without sorting the table
        Index("ix_feedback_created_at_id", "created_at", "id"),
        # a nightly sync reads what changed since its last run (?changed_since=, migration 0033)
        Index("ix_feedback_updated_at", "updated_at"),
        # a source filter's spellings are read along source (api.search.service.each_value):
        # PostgreSQL's ix_feedback_source (0025), SQLite's unique (source, external_id) (0001)
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    # source_key(source); "<key>#<id>" for a case-twin stored before 0014, which nothing matches
    source_key: Mapped[str] = mapped_column(String(120), default=source_key_of_row)
    external_id: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | analysed
    raw_text: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    given_language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    analysed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    score: Mapped[float | None] = mapped_column(Float)
    meta: Mapped[dict] = mapped_column("metadata", JSON, default=dict)
    sentiment_label: Mapped[str | None] = mapped_column(String(16))
    sentiment_score: Mapped[float | None] = mapped_column(Float)
    urgency_level: Mapped[str | None] = mapped_column(String(16))
    urgency_score: Mapped[float | None] = mapped_column(Float)
    intents: Mapped[list] = mapped_column(JSON, default=list)
    # ",bug_report,complaint," so that one portable LIKE filters by intent on both engines.
    intent_labels: Mapped[str] = mapped_column(String(300), default=",")
    tags: Mapped[dict] = mapped_column(JSON, default=dict)
    # failed analyses: how many, the last one's error (no text: api/failures), and when the
    # worker may try again (null: now); reset by `boucle feedback retry` (migration 0021)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # times its text, score or metadata were replaced (PUT /v1/feedback/{id}; migration 0029)
    edits: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # the last change of the row (stored, edited, analysed, failed, masked) or of its insights'
    # need links (api/feedback/touched.py): what a sync's changed_since reads (migration 0033)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    account: Mapped[Account | None] = relationship(lazy="joined")
    contact: Mapped[Contact | None] = relationship(lazy="joined")
    insights: Mapped[list["Insight"]] = relationship(
        back_populates="feedback", order_by="Insight.position", cascade="all, delete-orphan"
    )


class Insight(Base):
    __tablename__ = "insights"
    __table_args__ = (
        Index("ix_insights_feedback", "feedback_id", "position"),
        # the theme tree's totals read this index alone, not the rows (2 KB vectors inline)
        Index("ix_insights_theme_rollup", "theme_id", "sentiment_label", "feedback_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    sentiment_label: Mapped[str | None] = mapped_column(String(16))
    sentiment_score: Mapped[float | None] = mapped_column(Float)
    intents: Mapped[list] = mapped_column(JSON, default=list)  # [{"label", "score"}], best first
    urgency_level: Mapped[str | None] = mapped_column(String(16))
    urgency_score: Mapped[float | None] = mapped_column(Float)
    theme_id: Mapped[int | None] = mapped_column(Integer, index=True)
    theme_score: Mapped[float | None] = mapped_column(Float)  # cosine to its theme's centroid
    # The embedding, float32 bytes: the vector store can be rebuilt from SQL, never re-embedded.
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)

    feedback: Mapped[Feedback] = relationship(back_populates="insights")
    link: Mapped["NeedLink | None"] = relationship(back_populates="insight", uselist=False)
    # the needs it may belong to, waiting for a person: the best first (ingest's answer says it)
    pending_suggestions: Mapped[list["NeedSuggestion"]] = relationship(
        primaryjoin="and_(Insight.id == NeedSuggestion.insight_id, "
        "NeedSuggestion.status == 'pending')",
        order_by="NeedSuggestion.score.desc()",
        viewonly=True,
    )


class Need(Base):
    __tablename__ = "needs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    # language -> title: what a customer told in that language reads (`title` otherwise)
    titles: Mapped[dict] = mapped_column(JSON, default=dict)
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_from: Mapped[str] = mapped_column(String(32), default="manual")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id"))
    lineage: Mapped[list] = mapped_column(JSON, default=list)  # [{"event", "at", ...}]
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)  # centroid of its evidence
    effort: Mapped[float | None] = mapped_column(Float)  # person-months, from the PM
    rice_overrides: Mapped[dict] = mapped_column(JSON, default=dict)  # factor -> value
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class NeedLink(Base):
    """Insight -> need. One need per insight; `how` says who decided."""

    __tablename__ = "need_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    insight_id: Mapped[int] = mapped_column(
        ForeignKey("insights.id", ondelete="CASCADE"), unique=True
    )
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), index=True)
    how: Mapped[str] = mapped_column(String(16))  # auto | accepted | manual
    score: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    insight: Mapped[Insight] = relationship(back_populates="link")


class NeedSuggestion(Base):
    """A possible link waiting for a person; rejected pairs are kept so they are not proposed again."""

    __tablename__ = "need_suggestions"
    __table_args__ = (UniqueConstraint("insight_id", "need_id", name="uq_suggestion_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    insight_id: Mapped[int] = mapped_column(ForeignKey("insights.id", ondelete="CASCADE"))
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), index=True)
    score: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AuditEvent(Base):
    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(200))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class Theme(Base):
    """A theme (level "theme") or a parent theme (level "parent"). Ids are stable across refits:
    a refit maps its clusters onto these rows; what a person edited (`*_locked`) is kept."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    level: Mapped[str] = mapped_column(String(8), default="theme")  # theme | parent
    name: Mapped[str] = mapped_column(String(200))
    name_locked: Mapped[bool] = mapped_column(default=False)  # renamed by a person
    # discovery's latest label, kept up to date under a person's name: what releasing the name
    # gives back (NULL: not labelled since migration 0030; the lineage says it then)
    auto_name: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"), index=True)
    parent_locked: Mapped[bool] = mapped_column(default=False)  # moved by a person
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    # {language: label} when the theme mixes languages: labels in the reader's language
    names: Mapped[dict | None] = mapped_column(JSON, default=dict)  # NULL: before migration 0007
    quotes: Mapped[list] = mapped_column(JSON, default=list)  # insight ids, most typical first
    centroid: Mapped[bytes | None] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer, default=0)
    seed_vector: Mapped[bytes | None] = mapped_column(LargeBinary)  # set for seeded themes
    seed_examples: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"))
    lineage: Mapped[list] = mapped_column(JSON, default=list)  # [{"event", "at", ...}]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class Job(Base):
    """A background job (a theme refit): status and progress for whoever started it."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    # queued | running | done | failed | cancelled (what it worked on was deleted meanwhile)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # the process running it (api/jobs.py: a process's start fails only the jobs of one gone)
    runner_host: Mapped[str | None] = mapped_column(String(255))
    runner_pid: Mapped[int | None] = mapped_column(Integer)
    runner_token: Mapped[str | None] = mapped_column(String(32))  # that process's start
    heartbeat_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # it said it was alive


class SurveySend(Base):
    """A survey sent to a contact: the denominator of response rates. The same send given twice
    is stored once, known by (survey, contact, sent_at) or by (survey, external_id)."""

    __tablename__ = "survey_sends"
    __table_args__ = (
        UniqueConstraint("survey", "contact_id", "sent_at", name="uq_survey_send"),
        UniqueConstraint("survey", "external_id", name="uq_survey_send_external_id"),
        Index("ix_survey_sends_survey_sent_at", "survey", "sent_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey: Mapped[str] = mapped_column(String(100))  # nps | csat | any name
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id"), index=True)
    # As given with the send; the contact's account is used when this is null.
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)
    external_id: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class FeedbackAction(Base):
    """A follow-up on a feedback item (reply, call, ticket, note, ...): the time to the first one
    is the follow-up time of the item."""

    __tablename__ = "feedback_actions"
    __table_args__ = (Index("ix_feedback_actions_feedback_at", "feedback_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str | None] = mapped_column(String(200))  # "by" in the API
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ForgottenItem(Base):
    """An item erased on request, known only by a digest of its source and external id: a later
    import of the same export, or the source sending it again, does not bring it back."""

    __tablename__ = "forgotten_items"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex
    forgotten_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ForgottenParty(Base):
    """A contact (by id, and by e-mail address) or an account erased on request, known only by a
    digest of its kind and key: a restore of an older backup erases them again."""

    __tablename__ = "forgotten_parties"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex
    # contact | email | account; opted_out: an opted-out contact's address (api/privacy/opt_outs)
    kind: Mapped[str] = mapped_column(String(16))
    forgotten_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class WorkspaceSecret(Base):
    """A random key made once per workspace, kept with its data (and its backups): the audit
    trail's digests of erased people are keyed with it, so a guessed address cannot be
    confirmed from the trail by anyone without the database."""

    __tablename__ = "workspace_secrets"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))  # hex
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class VectorHome(Base):
    """Which vector store holds this database's vectors (one row, written on first use): a
    process with an embedded store of its own opening a database another store holds would
    answer searches from the points it alone wrote. Not part of a backup: a restore rebuilds
    the vectors where it runs, and claims them there."""

    __tablename__ = "vector_home"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    store_id: Mapped[str] = mapped_column(String(64))  # an embedded store's id; "server"
    kind: Mapped[str] = mapped_column(String(16))  # edge | local | server
    location: Mapped[str] = mapped_column(String(1000))  # host:/path, or the server's URL
    claimed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
