"""Gauges read from the stores when Prometheus scrapes, kept a few seconds so that several
scrapers (or one per `--workers` process) cost one read: each is a count over an index (the
pending items by `ix_feedback_status`, the outbox by its `status, next_attempt_at` index) or a
small table (jobs), never a scan of the feedback."""

import logging
import threading
import time
from collections.abc import Callable

from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy import case, func, select
from sqlalchemy.exc import InterfaceError, OperationalError, ProgrammingError

from api.failures import failure_summary
from api.feedback.retries import MAX_ATTEMPTS
from api.storage.db import Database
from api.storage.loop_tables import Notification, ThemeAlert
from api.storage.tables import Feedback, Job
from api.vectors import VectorStore

log = logging.getLogger("boucle.metrics")
CACHE_S = 5.0
OUTBOXES = {"notifications": Notification, "theme_alerts": ThemeAlert}
UNFINISHED_JOBS = ("queued", "running")


def feedback_queue(db: Database) -> GaugeMetricFamily:
    """Items waiting for analysis: new, failed and retrying, or given up (MAX_ATTEMPTS failures:
    they wait for `boucle feedback retry`)."""
    failed = Feedback.attempts > 0
    gave_up = Feedback.attempts >= MAX_ATTEMPTS
    with db.session() as session:
        row = session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(case((failed & ~gave_up, 1), else_=0)), 0),
                func.coalesce(func.sum(case((gave_up, 1), else_=0)), 0),
            ).where(Feedback.status == "pending")
        ).one()
    total, retrying, given_up = (int(value) for value in row)
    family = GaugeMetricFamily(
        "boucle_feedback_pending",
        "Stored feedback waiting for analysis: new, retrying after a failure, or gave_up "
        f"after {MAX_ATTEMPTS} failures (`boucle feedback retry` gives them their tries back).",
        labels=["state"],
    )
    family.add_metric(["new"], total - retrying - given_up)
    family.add_metric(["retrying"], retrying)
    family.add_metric(["gave_up"], given_up)
    return family


def outbox(db: Database) -> GaugeMetricFamily:
    """Deliveries not sent: pending (due or backing off) and failed (given up)."""
    family = GaugeMetricFamily(
        "boucle_outbox_deliveries",
        "Outbox rows not delivered: notifications to contacts and theme alerts to the product "
        "team's webhook, pending (due or backing off) or failed (gave up after their retries).",
        labels=["outbox", "status"],
    )
    with db.session() as session:
        for name, table in OUTBOXES.items():
            counts = dict(
                session.execute(
                    select(table.status, func.count())
                    .where(table.status.in_(["pending", "failed"]))
                    .group_by(table.status)
                ).all()
            )
            for status in ("pending", "failed"):
                family.add_metric([name, status], counts.get(status, 0))
    return family


def unfinished_jobs(db: Database) -> GaugeMetricFamily:
    """Background jobs queued or running (theme refits, tagger trainings): the jobs table holds
    one row per job, a few a day."""
    family = GaugeMetricFamily(
        "boucle_jobs_unfinished",
        "Background jobs queued or running, by kind (themes.refit, tagger.train).",
        labels=["kind", "status"],
    )
    with db.session() as session:
        counts = session.execute(
            select(Job.kind, Job.status, func.count())
            .where(Job.status.in_(UNFINISHED_JOBS))
            .group_by(Job.kind, Job.status)
        ).all()
    for kind, status, count in counts:
        family.add_metric([kind, status], count)
    return family


def database_families(db: Database) -> list[Metric]:
    return [feedback_queue(db), outbox(db), unfinished_jobs(db)]


def vector_families(vectors: VectorStore, collections: tuple[str, ...]) -> list[Metric]:
    points = GaugeMetricFamily(
        "boucle_vector_points", "Points in the vector store, by collection.", labels=["collection"]
    )
    unindexed = GaugeMetricFamily(
        "boucle_vector_points_unindexed",
        "Points stored since the last index build (searches scan them): the worker builds again "
        "once 2,000 are new.",
        labels=["collection"],
    )
    for name in collections:
        count = vectors.count(name)
        points.add_metric([name], count)
        unindexed.add_metric([name], max(0, count - vectors.indexed(name)))
    return [points, unindexed]


def up(name: str, help_text: str, value: bool) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, help_text, value=1 if value else 0)


class StoreGauges:
    """The gauges of one app's stores, read at most every CACHE_S seconds. A store that does
    not answer leaves its gauges out and says so (`boucle_database_up 0`): a scrape must not
    fail because of what it measures."""

    def __init__(self, read: Callable[[], list[Metric]], cache_s: float = CACHE_S) -> None:
        self._read = read
        self._cache_s = cache_s
        self._lock = threading.Lock()
        self._read_at = float("-inf")
        self._families: list[Metric] = []

    def collect(self) -> list[Metric]:
        with self._lock:  # one read for scrapes arriving together
            if time.monotonic() - self._read_at >= self._cache_s:
                self._families = self._read()
                self._read_at = time.monotonic()
            return self._families


def read_stores(state, collections: tuple[str, ...]) -> list[Metric]:
    """What the app's stores say now: the models' workspace once loaded, the SQL one before."""
    families: list[Metric] = [
        up(
            "boucle_models_loaded",
            "1 once the models are loaded and the API can tag.",
            state.tagger is not None,
        )  # fmt: skip
    ]
    workspace = state.workspace or state.sql_workspace
    if workspace is None:  # the database did not open (yet): /readyz says why
        return [*families, up("boucle_database_up", "1 while the database answers.", False)]
    try:
        families += database_families(workspace.db)
        database_up = True
    except (OperationalError, InterfaceError, ProgrammingError) as error:
        log.warning("metrics: the database did not answer: %s", failure_summary(error))
        database_up = False
    families.append(up("boucle_database_up", "1 while the database answers.", database_up))
    if state.workspace is None:  # models loading: the vector store opens with them
        return families
    try:
        families += vector_families(state.workspace.vectors, collections)
        vectors_up = True
    except Exception as error:  # a Qdrant server's client raises its own kinds
        log.warning("metrics: the vector store did not answer: %s", failure_summary(error))
        vectors_up = False
    families.append(up("boucle_vector_store_up", "1 while the vector store answers.", vectors_up))
    return families
