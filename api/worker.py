"""The worker: analyses items left pending (a crash, a failed analysis) and builds vector indexes,
off the request path. A thread of `boucle serve`, or its own process with `boucle worker`; one
per workspace ticks at a time (api/worker_turn)."""

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import InterfaceError, OperationalError, ProgrammingError

from api.failures import failure_logged, failure_summary
from api.feedback.retries import MAX_ATTEMPTS
from api.feedback.service import analyse
from api.jobs import fail_abandoned
from api.loop.delivery import deliver_due
from api.ops.disk import LowDiskLog
from api.ops.restore_erasures import reapply_owed
from api.privacy.purge import purge_wanted
from api.privacy.retention import (
    erase_before,
    expire_people,
    expire_sent_deliveries,
    retention_cutoff,
)
from api.privacy.schemas import Erasure
from api.storage.migrate import SCHEMA_MISSING
from api.storage.tables import Feedback, Insight, Need
from api.themes.alerts import alert_test, check_alerts, deliver_alerts
from api.themes.corpus import themes_changed_at
from api.themes.jobs import start_refit
from api.webhooks.delivery import deliver_webhooks
from api.webhooks.events import THEME_EMERGING, subscribers
from api.worker_turn import WorkerTurn
from api.workspace import INSIGHTS, NEEDS, Workspace

log = logging.getLogger("boucle.worker")
BATCH = 64
OPTIMIZE_EVERY = 2_000  # new vectors between index builds
COMPACT_EVERY_S = 60.0  # at most one log checkpoint a minute, and only with no item pending
RETENTION_EVERY_S = 3600.0  # old feedback expires at most once an hour (BOUCLE_RETENTION_DAYS)
JOBS_SWEPT_EVERY_S = 60.0  # jobs of a process gone on another host fail once their beat is stale


class TasksFailed(RuntimeError):
    """Some of a tick's tasks failed; the others ran."""


def pending_batch(
    ws: Workspace, grace_s: float, limit: int = BATCH, due_only: bool = True
) -> list[int]:
    """Pending items old enough that the request which accepted them is not still on them,
    under MAX_ATTEMPTS failures and, with `due_only`, past their back-off."""
    now = datetime.now(UTC)
    with ws.db.session() as session:
        query = (
            select(Feedback.id)
            .where(
                Feedback.status == "pending",
                Feedback.received_at <= now - timedelta(seconds=grace_s),
                Feedback.attempts < MAX_ATTEMPTS,
            )
            .order_by(Feedback.attempts, Feedback.id)
            .limit(limit)
        )
        if due_only:
            query = query.where(
                or_(Feedback.next_attempt_at.is_(None), Feedback.next_attempt_at <= now)
            )
        return list(session.scalars(query))


def drain_pending(ws: Workspace, grace_s: float = 0.0, due_only: bool = True) -> int:
    """Analyse pending items until none is left (or all that are left keep failing); without
    `due_only`, those waiting out a back-off too (a person asked: an import's end, a repair)."""
    done, started = 0, time.perf_counter()
    while ids := pending_batch(ws, grace_s, due_only=due_only):
        try:
            done += len(analyse(ws, ids))
        except Exception as error:  # one line: a traceback would print the SQL's parameters
            log.error("analysis of %d pending items failed; they stay pending: %s",
                      len(ids), failure_logged(error))  # fmt: skip
            if all_failing(ws, ids):
                break
    if done:
        log.info("analysed %d pending items in %.1f s", done, time.perf_counter() - started)
    return done


def all_failing(ws: Workspace, ids: list[int]) -> bool:
    with ws.db.session() as session:
        rows = session.scalars(select(Feedback).where(Feedback.id.in_(ids))).all()
        return all(row.status == "pending" for row in rows)


def reconcile_vectors(ws: Workspace) -> bool:
    """SQL is the source of truth: a vector store out of step with it (a database or vector
    store switched by settings, a backup restored) would match needs that do not exist and miss
    stored insights in search. Counts are compared at each start; any gap is repaired from SQL
    (`boucle doctor --repair`). Returns whether a repair ran."""
    from api.ops.doctor import repair  # it uses this module's drain_pending

    with ws.db.session() as session:
        insights = session.scalar(
            select(func.count()).select_from(Insight).where(Insight.vector.is_not(None))
        )
        needs = session.scalar(
            select(func.count()).select_from(Need)
            .where(Need.merged_into_id.is_(None), Need.vector.is_not(None))
        )  # fmt: skip
    stored = (ws.vectors.count(INSIGHTS), ws.vectors.count(NEEDS))
    if stored == (insights, needs):
        return False
    log.warning("the vector store holds %d insight and %d need points, the database %d and %d: "
                "repairing it from the database", *stored, insights, needs)  # fmt: skip
    report = repair(ws)
    log.warning("vector store repaired: %s", report.summary())
    return True


def unthemed_since_refit(ws: Workspace) -> int:
    """Insights in no theme among those stored since the themes last changed (a refit, or an
    edit): new feedback that no theme took, the sign of a topic the themes do not know yet."""
    with ws.db.session() as session:
        last = themes_changed_at(session)
        query = select(func.count()).select_from(Insight).where(Insight.theme_id.is_(None))
        if last is not None:
            query = query.join(Feedback, Feedback.id == Insight.feedback_id).where(
                Feedback.received_at > last
            )
        return session.scalar(query) or 0


class Worker:
    def __init__(
        self, ws: Workspace, interval_s: float, grace_s: float, turn: WorkerTurn | None = None
    ) -> None:
        self.ws = ws
        self.turn = turn  # one worker ticks per workspace (api/worker_turn); made at its first step
        self.interval_s = interval_s
        self.grace_s = grace_s
        self.stopping = threading.Event()
        self.indexed = ws.vectors.indexed(INSIGHTS)  # what the last build covered
        self.alerts_checked: float | None = None  # monotonic time of the last emerging test
        self.refit_checked = time.monotonic()  # not at start: a refit is minutes of CPU at scale
        self.reconciled = False  # the vector store checked against SQL, once a start
        self.compacted_at = float("-inf")
        self.expired_at = float("-inf")  # at start too: a workspace stopped for a week catches up
        self.jobs_swept_at = float("-inf")
        self.low_disk = LowDiskLog(log)
        self.compacted_upto: int | None = None  # the newest analysed item at the last checkpoint
        self.thread = threading.Thread(target=self.run, name="boucle-worker", daemon=True)

    def start(self) -> "Worker":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=30)

    def run(self) -> None:
        try:
            while not self.stopping.wait(self.interval_s):
                self.step()
        finally:  # another process takes the turn over
            if self.turn is not None:
                self.turn.release()

    def step(self) -> bool:
        """A tick when it is this process's turn to run the worker; whether it ticked."""
        self.turn = self.turn or WorkerTurn(self.ws.db)
        try:
            mine = self.turn.mine()
        except Exception as error:  # the worker outlives any one failure; the next step retries
            log.error("worker: cannot tell whose turn it is: %s", failure_logged(error))
            return False
        if mine:
            self.tick()
        return mine

    def tick(self) -> None:
        try:
            self.work()
        except (OperationalError, InterfaceError) as error:  # down for now: one line a tick
            log.warning("worker: the database is unavailable (%s); retrying",
                        failure_summary(error))  # fmt: skip
        except ProgrammingError as error:  # tables gone (a database dropped and recreated)
            log.error("worker: %s (%s); retrying", SCHEMA_MISSING, failure_summary(error))
        except TasksFailed:
            pass  # each failure was logged as it happened; the next tick retries them
        except Exception as error:  # the worker outlives any one failure; the next tick retries
            log.error("worker tick failed: %s", failure_logged(error))

    def work(self) -> tuple[int, int]:
        """One pass of the worker's work (`tick` logs its failures, `boucle worker --once` stops
        on them): the items analysed and the notifications sent. Each task runs whatever the
        others did: one failing (a bad row, a bug) must not hold up webhooks, erasure notices
        or the purge after an erasure, tick after tick."""
        settings, failed = self.ws.settings, []

        def run(name: str, task: Callable[[], Any], default: Any = None) -> Any:
            try:
                return task()
            except (OperationalError, InterfaceError, ProgrammingError):
                raise  # the database is down or its tables gone: every task would fail alike
            except Exception as error:
                log.error("worker: %s failed: %s", name, failure_logged(error))
                failed.append(name)
                return default

        run("disk check", lambda: self.low_disk.check(settings.data_dir, settings.min_free_mb))
        # checked once a start; failed, again at the next tick. Who a restore stopped short
        # left back in the database is erased first: the vector check would make them searchable
        if not self.reconciled and run("erasures after a restore", self.erase_owed, False):
            self.reconciled = run("vector check", lambda: reconcile_vectors(self.ws) or True, False)
        analysed = run("analysis", lambda: drain_pending(self.ws, self.grace_s), 0)
        run("log checkpoint", self.forget_unredacted_pages)
        run("retention", self.expire_old_feedback)
        sent = run("notification delivery", lambda: deliver_due(self.ws), 0)
        run("theme refit", self.refit_when_due)
        run("theme alerts", self.check_theme_alerts)
        # the API's subscriptions: analysed items, alerts just written
        run("webhook delivery", lambda: deliver_webhooks(self.ws))
        run("purge after erasure", lambda: purge_wanted(self.ws))  # or one cut by a stop
        run("abandoned jobs", self.fail_abandoned_jobs)
        run("index build", self.build_indexes)
        if failed:
            raise TasksFailed(f"worker tasks failed (each logged): {', '.join(failed)}")
        return analysed, sent

    def erase_owed(self) -> bool:
        """The erasures a restore stopped before re-applying (api/ops/restore_erasures.py)."""
        if erased := reapply_owed(self.ws):
            log.warning("the last restore stopped before erasing again who was erased since its "
                        "backup: done now (%s)", erased.model_dump())  # fmt: skip
        return True

    def fail_abandoned_jobs(self) -> None:
        """A job whose process died elsewhere said `running` until a process started here."""
        if time.monotonic() - self.jobs_swept_at >= JOBS_SWEPT_EVERY_S:
            self.jobs_swept_at = time.monotonic()
            fail_abandoned(self.ws)

    def forget_unredacted_pages(self) -> None:
        """An item waits unredacted until analysed (stored before the 2xx); once its text is
        replaced, SQLite's write-ahead log still holds the old page until a checkpoint, so a
        copy of a running workspace held raw card numbers. Empty the log once the queue is
        idle and something new was analysed (a checkpoint waits for writers: not mid-import)."""
        now = time.monotonic()
        if self.ws.db.dialect != "sqlite" or now - self.compacted_at < COMPACT_EVERY_S:
            return
        with self.ws.db.session() as session:
            waiting = session.scalar(
                select(Feedback.id).where(Feedback.status == "pending").limit(1)
            )
            newest = session.scalar(
                select(func.max(Feedback.id)).where(Feedback.status != "pending")
            )
        if waiting is None and newest is not None and newest != self.compacted_upto:
            self.ws.db.compact()
            self.compacted_at, self.compacted_upto = now, newest

    def expire_old_feedback(self) -> Erasure | None:
        """Erase the feedback older than `retention_days` (0: none), once an hour."""
        days, now = self.ws.settings.retention_days, time.monotonic()
        if not days or now - self.expired_at < RETENTION_EVERY_S:
            return None
        self.expired_at = now
        cutoff = retention_cutoff(days)
        erasure = erase_before(self.ws, cutoff, actor="retention")
        if erasure.feedback:
            log.info("retention: %d items older than %d days erased", erasure.feedback, days)
        people = expire_people(self.ws, cutoff, actor="retention")
        if people.contacts or people.accounts:
            log.info("retention: %d contacts and %d accounts with nothing left and no activity "
                     "for %d days erased", people.contacts, people.accounts, days)  # fmt: skip
        erasure.add(people)
        if sent := expire_sent_deliveries(self.ws, cutoff):
            log.info("retention: %d webhook deliveries sent more than %d days ago deleted",
                     sent, days)  # fmt: skip
        erasure.webhook_deliveries += sent
        return erasure

    def refit_when_due(self) -> int | None:
        """Every `theme_refit_interval_s`: a background refit (warm or cold, `theme_auto_refit`)
        once `theme_refit_min_new` new insights are in no theme. Returns the refit job's id when
        one was started."""
        settings = self.ws.settings
        now = time.monotonic()
        if (
            settings.theme_auto_refit == "off"
            or not settings.theme_refit_interval_s
            or now - self.refit_checked < settings.theme_refit_interval_s
        ):
            return None
        self.refit_checked = now
        waiting = unthemed_since_refit(self.ws)
        if waiting < settings.theme_refit_min_new:
            return None
        job_id, started = start_refit(self.ws, cold=settings.theme_auto_refit == "cold")
        if started:
            log.info("%s refit of the themes: %d new insights are in no theme (job %d)",
                     settings.theme_auto_refit, waiting, job_id)  # fmt: skip
        return job_id if started else None

    def check_theme_alerts(self) -> None:
        """The emerging test every `theme_alert_interval_s`, deliveries every tick; only when a
        webhook for them is set, or registered for theme.emerging (POST /v1/webhooks)."""
        settings = self.ws.settings
        now = time.monotonic()
        due = (
            self.alerts_checked is None
            or now - self.alerts_checked >= settings.theme_alert_interval_s
        )
        if not settings.theme_alert_webhook_url and not (due and self.alerts_subscribed()):
            return
        if due:
            self.alerts_checked = now
            new = check_alerts(self.ws.db, datetime.now(UTC), alert_test(settings))
            if new:
                log.info("%d themes started emerging", len(new))
        deliver_alerts(self.ws)

    def alerts_subscribed(self) -> bool:
        with self.ws.db.session() as session:
            return bool(subscribers(session, THEME_EMERGING))

    def build_indexes(self) -> None:
        count = self.ws.vectors.count(INSIGHTS)
        # read anew each time: payload updates (a refit retags every insight) unindex points
        self.indexed = self.ws.vectors.indexed(INSIGHTS)
        if count - self.indexed >= OPTIMIZE_EVERY:
            log.info("building vector indexes for %d insights (%d unindexed); searches scan meanwhile",
                     count, count - self.indexed)  # fmt: skip
            started = time.perf_counter()
            self.ws.vectors.optimize(INSIGHTS)
            self.ws.vectors.optimize(NEEDS)
            self.indexed = count
            log.info("vector indexes built for %d insights in %.1f s", count,
                     time.perf_counter() - started)  # fmt: skip
