"""What a need's customers were told, counted by the decision each message tells (its kind):
the digest, the loop metrics and a need's notifications count alike, so a shipped need whose
only message that went out told a decline has told no one that it shipped."""

from collections import Counter
from collections.abc import Iterable
from typing import Protocol

from api.loop.unsubscribe import OPTED_OUT


class Message(Protocol):
    kind: str
    status: str
    last_error: str | None


def of_decision(rows: Iterable[Message], kind: str | None) -> list[Message]:
    """The messages telling `kind` (None: a need not decided, all of them)."""
    return [r for r in rows if kind is None or r.kind == kind]


def decision_counts(rows: list[Message], kind: str | None) -> dict:
    """Delivered, waiting and left out of the messages telling `kind` (of those left out,
    `opted_out`: withdrawn as their person opted out), and per other decision how many were
    told it before (sent)."""
    mine = of_decision(rows, kind)
    delivered = sum(r.status == "sent" for r in mine)
    waiting = sum(r.status == "pending" for r in mine)
    before = Counter(r.kind for r in rows if kind is not None and r.kind != kind
                     and r.status == "sent")  # fmt: skip
    return {"kind": kind, "delivered": delivered, "waiting": waiting,
            "left_out": len(mine) - delivered - waiting,
            "opted_out": sum(opted_out(r) for r in mine), "told_before": dict(before)}  # fmt: skip


def opted_out(row: Message) -> bool:
    """Withdrawn because its person opted out of notifications (api/loop/unsubscribe.py)."""
    return row.status == "cancelled" and (row.last_error or "").startswith(OPTED_OUT)


DECIDED = ("shipped", "declined")


def loop_closed(rows: list[Message], status: str) -> bool:
    """The one definition of a closed loop, which GET /v1/loop/metrics counts and the digest's
    "Loops closed" lists: the need is decided (its `status` now, shipped or declined) and every
    message telling that decision went out (withdrawn ones aside), there being one. A message
    undeliverable, failed or still waiting leaves it open (that customer was not told), and a
    decline told before the need shipped closes no shipped loop."""
    told = [r for r in of_decision(rows, status) if r.status != "cancelled"]
    return status in DECIDED and bool(told) and all(r.status == "sent" for r in told)
