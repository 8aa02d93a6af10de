"""Streaming a file into the store in batches (the engine of `boucle import`)."""

import contextlib
import logging
from collections import deque
from concurrent.futures import Future
from pathlib import Path

from sqlalchemy.orm import Session

from analyzer import Analysis
from api.accounts.importer import people_rows
from api.accounts.service import accounts_named, upsert_account, upsert_contact
from api.errors import Conflict
from api.failures import failure_logged
from api.feedback.edits import edit_item
from api.feedback.importer import Mapping, Progress, Report, feedback_batches
from api.feedback.schemas import FeedbackIn
from api.feedback.service import (
    Pending,
    accept,
    ingest,
    pending_work,
    record_failure,
    save_analyses,
)
from api.storage.tables import Account
from api.tagging.pool import AnalysisPool
from api.vectors import VectorFilter
from api.wording import plural
from api.worker import drain_pending
from api.workspace import INSIGHTS, Store, Workspace

BATCH = 100
# A pool's workers take ~15 s to load the models: the first rows are analysed in this process,
# so a small file never waits for them.
POOL_AFTER = 1_000
log = logging.getLogger("boucle.import")


def import_feedback(
    ws: Workspace,
    path: Path,
    mapping: Mapping,
    progress: Progress | None = None,
    pool: AnalysisPool | None = None,
    pool_after: int | None = None,
    update_changed: bool = False,
    report: Report | None = None,
) -> Report:
    """Stream `path` into the store, BATCH rows at a time: each batch is committed as pending,
    then analysed, here or (once `pool_after` rows have been read) in a `pool`'s processes while
    the next batches are read; the parent stores results in order. Whatever a failure leaves
    pending is analysed here at the end, and a crash's leftovers on the next run: nothing
    accepted is lost. `update_changed`: a row already stored whose text, score or metadata
    differ is stored as an edit of it (api/feedback/edits.py), as PUT /v1/feedback/{id} does.
    `report`: filled as rows are read, for a caller that reads it on the way (a Ctrl-C)."""
    report = Report() if report is None else report
    pool_after = POOL_AFTER if pool_after is None else pool_after  # read now: a test lowers it
    in_flight: deque[tuple[Pending, Future[list[Analysis]]]] = deque()

    def flush(batch: list[FeedbackIn]) -> None:
        nonlocal pool
        pooled = pool is not None and report.read > pool_after
        accepted = accept(ws, batch) if pooled else ingest(ws, batch)
        report.created += sum(a.created for a in accepted)
        report.score_only += sum(a.created and not a.item.text for a in accepted)
        report.duplicates += sum(not a.created and not a.forgotten for a in accepted)
        report.changed += sum(a.changed for a in accepted)
        report.forgotten += sum(a.forgotten for a in accepted)
        for edited in [a for a in accepted if a.changed and update_changed]:
            edit_item(ws, edited.id, edited.item, actor="cli", compare=False)  # known to differ
            report.updated += 1
        if not pooled or not (new_ids := [a.id for a in accepted if a.created]):
            return
        work = pending_work(ws, new_ids)
        try:
            in_flight.append((work, pool.submit(work.texts, work.languages, work.names)))
        except Exception as error:  # a broken pool: carry on in this process
            log.warning("analysis pool unusable (%s); analysing in this process",
                        failure_logged(error))  # fmt: skip
            record_failure(ws, work.ids, error)
            pool = None
        # Two batches a worker: one being analysed, one queued while the parent stores.
        while in_flight and (pool is None or len(in_flight) > 2 * pool.jobs):
            store_pooled(ws, *in_flight.popleft())

    for batch, done in feedback_batches(path, mapping, report, BATCH):
        if batch:
            flush(batch)
        if progress:
            progress(done, report)
    while in_flight:
        store_pooled(ws, *in_flight.popleft())
    # What a failure or a crash (this run's or an earlier one's) left pending is analysed now.
    drain_pending(ws, due_only=False)  # a crashed pool's batch is not made to wait
    report.pending = count_pending(ws)
    return report


def store_pooled(ws: Workspace, work: Pending, future: Future[list[Analysis]]) -> None:
    """Store one pooled batch's analyses; if the pool failed them, they stay pending."""
    try:
        analyses = future.result()
    except Exception as error:  # a worker crashed or its analysis raised
        log.warning("pooled analysis of %d items failed (%s); left pending", len(work.ids),
                    failure_logged(error))  # fmt: skip
        record_failure(ws, work.ids, error)
        return
    with contextlib.suppress(Exception):  # save_analyses recorded it on the rows
        save_analyses(ws, work.ids, analyses, work.texts)


def account_stored(session: Session, account_id: str | None) -> bool:
    """Whether a contact's account is one the store knows (by id, or by id or name in any
    case, as ensure_accounts finds it); True for a contact without an account."""
    if not account_id:
        return True
    if session.get(Account, account_id) is not None:
        return True
    return account_id.casefold() in accounts_named(session, [account_id])


def count_pending(ws: Workspace) -> int:
    from sqlalchemy import func, select

    from api.storage.tables import Feedback

    with ws.db.session() as session:
        return session.scalar(select(func.count()).where(Feedback.status == "pending")) or 0


def import_people(
    ws: Workspace | Store, path: Path, kind: str, overrides: dict[str, str] | None = None
) -> Report:
    """Accounts or contacts from a file (api/accounts/importer.py people_rows), upserted; the
    stores alone are enough (`boucle import --kind accounts` loads no model)."""
    report = Report()
    people = people_rows(path, kind, report, overrides)
    upsert = upsert_account if kind == "accounts" else upsert_contact
    bare: dict[str, None] = {}  # accounts a contact named that were not stored: made bare
    with ws.write_lock, ws.db.session() as session:
        for where, item in people:
            new_account = kind == "contacts" and not account_stored(session, item.account_id)
            try:
                upsert(session, item)
            except Conflict as error:  # an address another contact holds
                report.rejected.append(f"{where}: {error}")
                continue
            session.flush()
            report.created += 1
            if new_account:
                bare[item.account_id] = None
    if bare:
        first = ", ".join(map(repr, list(bare)[:5])) + (", ..." if len(bare) > 5 else "")
        report.warnings.append(
            f"{plural(len(bare), 'account')} named by contacts not stored ({first}): each made "
            "as a bare account (no name, ARR or segment); import the accounts with --kind "
            "accounts, or fix the ids"
        )
    # search filters by segment: stored insights' points follow their account's new segment
    for _, item in people:
        if kind == "accounts" and "segment" in item.model_fields_set:
            where = VectorFilter(equals={"account_id": item.id})
            ws.vectors.set_payload_where(INSIGHTS, where, {"segment": item.segment or ""})
    return report
