"""RICE Reach: who a need's evidence comes from, counted in one of four units.

- `accounts` (the default): unique accounts, and each person behind evidence linked to no account
  (an app-store reviewer, an anonymous survey answer) as one more, said in the factor: so a need
  backed only by anonymous reviewers is not scored 0 and ranked below needs nobody asked for, and
  one account's item added to them raises its reach (it counted people only where no evidence had
  an account: one such item took 6 reviewers' reach down to 1). The unit says what was counted:
  `accounts` where every piece of evidence has one, `customers` where people with no account are
  counted too (7 customers: 6 accounts and 1 person), `people` where no evidence has an account.
- `arr`: the ARR of those accounts, in thousands (people carry no ARR: no fallback).
- `contacts`: people: distinct contacts, and each feedback item with no contact as one person
  (an anonymous review is one reviewer).
- `feedback`: distinct feedback items (a review split into several insights is one).
"""

from dataclasses import dataclass
from typing import Literal, get_args

from api.wording import plural

Reach = Literal["accounts", "arr", "contacts", "feedback"]
REACHES: tuple[str, ...] = get_args(Reach)


@dataclass(frozen=True)
class ReachCount:
    value: float
    unit: str  # what the value counts: accounts, customers, arr (thousands), people or feedback
    how: str


def people(rows: list) -> tuple[int, int]:
    """(distinct contacts, feedback items without a contact), each of the latter one person."""
    contacts = {r.contact_id for r in rows if r.contact_id}
    unnamed = {r.feedback_id for r in rows if not r.contact_id}
    return len(contacts), len(unnamed)


def people_how(contacts: int, unnamed: int) -> str:
    return f"{plural(contacts + unnamed, 'person', 'people')}: {who(contacts, unnamed)}"


def who(contacts: int, unnamed: int) -> str:
    """What the people counted are: contacts, feedback items without one, or both."""
    if not unnamed:
        return "distinct contacts"
    parts = f"{plural(contacts, 'contact')} and " if contacts else ""
    return f"{parts}{plural(unnamed, 'feedback item')} with no contact, each counted one person"


def count_people(rows: list) -> ReachCount:
    contacts, unnamed = people(rows)
    return ReachCount(float(contacts + unnamed), "people", people_how(contacts, unnamed))


def count_accounts(rows: list) -> ReachCount:
    """Unique accounts plus the people of the evidence with no account, each one more: more
    evidence never lowers it. With no account at all, counted in people, and says so; with both,
    in customers (a reach of 7 "accounts" from 6 accounts read as a miscount)."""
    accounts = {r.account_id for r in rows if r.account_id}
    contacts, unnamed = people([r for r in rows if not r.account_id])
    value = float(len(accounts) + contacts + unnamed)
    if not accounts and rows:
        how = people_how(contacts, unnamed)
        return ReachCount(value, "people", f"no evidence is linked to an account: counted in "
                          f"people instead, {how}")  # fmt: skip
    how = plural(len(accounts), "unique account")
    if not contacts + unnamed:
        return ReachCount(value, "accounts", how)
    how += (f" and {plural(contacts + unnamed, 'person', 'people')} with no account "
            f"({who(contacts, unnamed)})")  # fmt: skip
    return ReachCount(value, "customers", how)


def count_arr(rows: list) -> ReachCount:
    accounts = {r.account_id: r.arr or 0.0 for r in rows if r.account_id}
    how = f"ARR of {plural(len(accounts), 'account')}, in thousands"
    contacts, unnamed = people([r for r in rows if not r.account_id])
    if rows and not accounts:
        how += (
            "; no evidence is linked to an account, so no ARR "
            f"(reach=contacts counts its {plural(contacts + unnamed, 'person', 'people')})"
        )
    elif contacts + unnamed:
        anonymous = plural(contacts + unnamed, "person", "people")
        how += f"; {anonymous} with no account, so no ARR for them"
    return ReachCount(round(sum(accounts.values()) / 1_000, 2), "arr", how)


def count_feedback(rows: list) -> ReachCount:
    items = len({r.feedback_id for r in rows})
    return ReachCount(float(items), "feedback", plural(items, "feedback item"))


def unit_of(reach: str) -> str:
    """The unit a reach counts in where nothing falls back."""
    return "people" if reach == "contacts" else reach


def reach_of(rows: list, reach: Reach) -> ReachCount:
    counts = {"arr": count_arr, "contacts": count_people, "feedback": count_feedback}
    return counts.get(reach, count_accounts)(rows)
