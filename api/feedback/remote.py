"""`boucle import --url`: the same file, read and checked the same way, sent to a running
server's API in batches (POST /v1/feedback, PATCH /v1/accounts|contacts/{id}). For the embedded
store, which one process opens at a time: while `boucle serve` runs, this is how a file gets in.
The server stores each batch before it answers, and re-sending skips what it has: re-running
resumes an interrupted import, as locally."""

import time
from pathlib import Path
from urllib.parse import quote

import httpx

from api.accounts.importer import people_rows
from api.feedback.importer import (
    ImportError_,
    Mapping,
    Progress,
    Report,
    feedback_batches,
)
from api.feedback.schemas import FeedbackIn

BATCH = 100
EDITED = {"text", "score", "metadata", "language"}  # what PUT /v1/feedback/{id} replaces
RETRIES = 10
MAX_WAIT_S = 30.0


def api_client(url: str, api_key: str | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    return httpx.Client(base_url=url.rstrip("/"), headers=headers, timeout=300)


def send_feedback(
    client: httpx.Client,
    path: Path,
    mapping: Mapping,
    progress: Progress | None = None,
    update_changed: bool = False,
    report: Report | None = None,
) -> Report:
    """`update_changed`: a row the server says is stored with other text, score or metadata
    (`changed`, told to a key with `read`) is sent again as an edit: PUT /v1/feedback/{id};
    `report`: as import_feedback's."""
    report = Report() if report is None else report
    for batch, done in feedback_batches(path, mapping, report, BATCH):
        # rows repeating a whole row (--content-ids) are one item: the API refuses a batch
        # holding an item twice; here they count as duplicates, as a local import counts them
        firsts = each_once(batch)
        report.duplicates += len(batch) - len(firsts)
        if firsts:
            items = [item.model_dump(mode="json", exclude_none=True) for item in firsts]
            answer = checked(client, "POST", "/v1/feedback", {"items": items})
            for sent, item in zip(firsts, answer.json()["items"], strict=True):
                report.created += item["status"] == "created"
                report.score_only += item["status"] == "created" and not sent.text
                report.duplicates += item["status"] == "duplicate"
                report.changed += item.get("changed", False)
                report.forgotten += item["status"] == "forgotten"
                analysis = item["analysis"]
                if item.get("changed", False) and update_changed:
                    edit = sent.model_dump(mode="json", include=EDITED, exclude_none=True)
                    edited = checked(client, "PUT", f"/v1/feedback/{item['id']}", edit)
                    analysis = edited.json()["analysis"]  # the new text's
                    report.updated += 1
                report.pending += analysis == "pending"  # the server's worker retries
        if progress:
            progress(done, report)
    return report


def each_once(batch: list[FeedbackIn]) -> list[FeedbackIn]:
    """The batch's first item of each (source, external_id), in order."""
    firsts: dict[tuple[str, str], FeedbackIn] = {}
    for item in batch:
        firsts.setdefault(item.key, item)
    return list(firsts.values())


def send_people(
    client: httpx.Client, path: Path, kind: str, overrides: dict[str, str] | None = None
) -> Report:
    report = Report()
    for where, person in people_rows(path, kind, report, overrides):
        body = person.model_dump(mode="json", exclude_none=True, exclude={"id"})
        answer = checked(client, "PATCH", f"/v1/{kind}/{quote(person.id, safe='')}", body, {409})
        if answer.status_code == 409:  # an address another contact holds: this row alone
            report.rejected.append(f"{where}: {answer.json()['message']}")
            continue
        report.created += 1
    return report


def checked(client: httpx.Client, method: str, path: str, body: dict,
            row_refusals: set[int] = frozenset()) -> httpx.Response:  # fmt: skip
    """The server's answer, or ImportError_ saying what went wrong (nothing unsent is lost:
    re-run the import once it is fixed); a status in `row_refusals` is returned, for the caller
    to reject that row alone. A rate limit (429) or models still loading (503) is waited out as
    the server's Retry-After says, a few times."""
    for _ in range(RETRIES):
        try:
            answer = client.request(method, path, json=body)
        except httpx.TransportError as error:
            raise ImportError_(
                f"cannot reach {client.base_url} ({error}): is `boucle serve` running there?"
            ) from None
        if answer.status_code not in (429, 503):
            break
        time.sleep(min(float(answer.headers.get("Retry-After") or 1), MAX_WAIT_S))
    if answer.status_code >= 400 and answer.status_code not in row_refusals:
        try:
            detail = answer.json().get("message") or answer.text
        except ValueError:
            detail = answer.text
        raise ImportError_(f"{method} {path}: the server answered {answer.status_code}: {detail}")
    return answer
