"""Streaming a file into the store in batches (the engine of `boucle import`)."""

import io
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from api.accounts.schemas import AccountIn, ContactIn
from api.accounts.service import upsert_account, upsert_contact
from api.feedback.importer import (
    CountingReader,
    ImportError_,
    Mapping,
    Report,
    feedback_record,
    rows_of,
    validation_message,
)
from api.feedback.schemas import FeedbackIn
from api.feedback.service import ingest
from api.worker import drain_pending
from api.workspace import Workspace

BATCH = 100
Progress = Callable[[int, Report], None]  # (bytes read, report so far)


def import_feedback(
    ws: Workspace, path: Path, mapping: Mapping, progress: Progress | None = None
) -> Report:
    report = Report()
    batch: list[FeedbackIn] = []

    def flush() -> None:
        for accepted in ingest(ws, batch):
            if accepted.created:
                report.created += 1
            else:
                report.duplicates += 1
        batch.clear()

    with path.open("rb") as raw:
        counter = CountingReader(raw)
        stream = io.TextIOWrapper(io.BufferedReader(counter), encoding="utf-8-sig", newline="")
        for number, row in rows_of(path, stream):
            report.read += 1
            try:
                batch.append(FeedbackIn.model_validate(feedback_record(row, mapping)))
            except ValidationError as error:
                report.rejected.append(f"line {number}: {validation_message(error)}")
            except ValueError as error:
                report.rejected.append(f"line {number}: {error}")
            if len(batch) == BATCH:
                flush()
                if progress:
                    progress(counter.count, report)
        if batch:
            flush()
        if progress:
            progress(counter.count, report)
    # What a crash (this run's or an earlier one's) left pending is analysed now.
    drain_pending(ws)
    report.pending = count_pending(ws)
    return report


def count_pending(ws: Workspace) -> int:
    from sqlalchemy import func, select

    from api.storage.tables import Feedback

    with ws.db.session() as session:
        return session.scalar(select(func.count()).where(Feedback.status == "pending")) or 0


def import_people(ws: Workspace, path: Path, kind: str) -> Report:
    """Accounts (id, name, arr, segment, plan) or contacts (id, account_id, email, name,
    language); any other column lands in `attributes`."""
    model = {"accounts": AccountIn, "contacts": ContactIn}[kind]
    known = set(model.model_fields) - {"attributes"}
    report = Report()
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(rows_of(path, stream))
    with ws.write_lock, ws.db.session() as session:
        for number, row in rows:
            report.read += 1
            values = {k: v for k, v in row.items() if k in known and v not in (None, "")}
            extra = {k: v for k, v in row.items() if k not in known and v not in (None, "")}
            try:
                item = model.model_validate({**values, "attributes": extra})
            except ValidationError as error:
                report.rejected.append(f"line {number}: {validation_message(error)}")
                continue
            upsert = upsert_account if kind == "accounts" else upsert_contact
            upsert(session, item)
            session.flush()
            report.created += 1
    if not report.read:
        raise ImportError_(f"{path}: no rows")
    return report
