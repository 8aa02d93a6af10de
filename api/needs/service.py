"""Needs: create, read with evidence, edit, link, merge, and the suggestion queue."""

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from api.audit import record
from api.errors import Conflict, NotFound
from api.feedback.touched import touch_items_of
from api.loop.outbox import NOTIFY_ON, enqueue, sync_outbox
from api.needs.duplicates import refuse_taken_title
from api.needs.impact import ACCOUNT_ID, Window, impacts, segment_window, within
from api.needs.matching import (
    add_link,
    claim_similar,
    insight_vector,
    move_centroid,
    need_payload,
    set_insight_need,
)
from api.needs.schemas import Evidence, NeedCreate, NeedDetail, NeedOut, NeedUpdate, Suggestion
from api.priorities.overrides import stated_overrides
from api.redacted_text import redacted_fields
from api.search.merges import merge_chain
from api.storage.tables import (
    Account,
    AuditEvent,
    Feedback,
    Insight,
    Need,
    NeedLink,
    NeedSuggestion,
    Theme,
)
from api.themes.members import in_themes
from api.workspace import NEEDS, Workspace

ALL_TIME = Window()


def now() -> datetime:
    return datetime.now(UTC)


def create_need(ws: Workspace, body: NeedCreate, actor: str, created_from: str = "manual") -> int:
    body = redacted_fields(body, ws.settings, "title", "titles", "description")
    with ws.write_lock, ws.db.session() as session:
        refuse_taken_title(session, body.title)
        insights = get_insights(session, body.insight_ids)
        title_vector = ws.tagger.embed([f"{body.title}. {body.description or ''}".strip()])[0]
        need = Need(
            title=body.title.strip(),
            titles=body.titles,
            description=body.description,
            status=body.status,
            created_from="insights" if insights else created_from,
            lineage=[{"event": "created", "at": now().isoformat(), "insights": body.insight_ids}],
            vector=title_vector.astype(np.float32).tobytes(),
        )
        session.add(need)
        session.flush()
        move_centroid(session, ws, need.id, np.zeros_like(title_vector), sign=1.0)  # publish
        for insight in insights:
            add_link(session, ws, insight, need.id, "manual", None)
        record(session, actor, "need.create", "need", need.id, body.model_dump())
        need_id = need.id
        set_insight_need(ws, body.insight_ids, need_id)
        claim_similar(session, ws, need_id)
        # Created already decided (a need recorded after the fact): its customers are told,
        # as when a need becomes shipped or declined later.
        if need.status in NOTIFY_ON:  # an open need has nothing to write or cancel
            session.flush()
            enqueue(session, need, need.status)
    return need_id


def get_insights(session: Session, ids: Sequence[int]) -> list[Insight]:
    found = {i.id: i for i in session.scalars(select(Insight).where(Insight.id.in_(ids)))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(f"no insight with id {', '.join(map(str, missing[:10]))}")
    return [found[i] for i in ids]


def get_need(session: Session, need_id: int) -> Need:
    need = session.get(Need, need_id)
    if need is None:
        raise NotFound(f"no need with id {need_id}")
    return need


def pending_suggestions(
    session: Session, need_ids: Sequence[int], window: Window = ALL_TIME
) -> dict[int, tuple[int, datetime]]:
    """Per need, its suggestions waiting for review and when the latest of them was written:
    customers behind the need that its counts (reach, ARR, growth) leave out until accepted."""
    query = (
        select(NeedSuggestion.need_id, func.count(NeedSuggestion.id), func.max(Feedback.created_at))
        .select_from(NeedSuggestion)
        .join(Insight, Insight.id == NeedSuggestion.insight_id)
        .where(NeedSuggestion.need_id.in_(need_ids), NeedSuggestion.status == "pending")
        .group_by(NeedSuggestion.need_id)
    )
    return {need_id: (count, latest) for need_id, count, latest in session.execute(
        within(query, window))}  # fmt: skip


def need_out(session: Session, need: Need, window: Window = ALL_TIME) -> NeedOut:
    """The need with its counts read in `window`: the backlog's ?segment= narrows them to that
    segment's evidence as it narrows `impact` (all-time counts beside them read as its own)."""
    query = (
        select(func.count(NeedLink.id), func.count(func.distinct(Feedback.account_id)))
        .select_from(NeedLink)
        .join(Insight, Insight.id == NeedLink.insight_id)
        .where(NeedLink.need_id == need.id)
    )
    counts = session.execute(within(query, window)).one()
    pending, latest = pending_suggestions(session, [need.id], window).get(need.id, (0, None))
    return NeedOut(
        id=need.id,
        title=need.title,
        titles=need.titles or {},
        description=need.description,
        status=need.status,
        created_from=need.created_from,
        merged_into_id=need.merged_into_id,
        lineage=need.lineage,
        created_at=need.created_at,
        updated_at=need.updated_at,
        evidence_count=counts[0],
        accounts=counts[1],
        effort=need.effort,
        rice_overrides=need.rice_overrides or {},
        pending_suggestions=pending,
        pending_latest=latest,
    )


SORTS = {
    "id": lambda n: n.id,
    "arr": lambda n: -n.impact["arr"],
    "accounts": lambda n: -n.impact["accounts"],
    "insights": lambda n: -n.impact["insights"],
    "growth": lambda n: -(n.impact["growth"]["recent"] - n.impact["growth"]["previous"]),
    "urgency": lambda n: -n.impact["urgent_share"],
    "last_seen": lambda n: -(n.impact["last_seen"].timestamp() if n.impact["last_seen"] else 0),
}


def list_needs(
    ws: Workspace,
    status: str | None,
    include_merged: bool,
    sort: str = "id",
    min_accounts: int = 0,
    segment: str | None = None,
    theme: int | None = None,
    account: str | None = None,
) -> list[NeedOut]:
    """Needs with their impact figures (for the window's segment), sorted and filtered by them;
    with a `segment`, only the needs with evidence from it (a need no smb account asked for is
    no smb need: listed with zeros, it read as one); with an `account`, only the needs with
    evidence from its feedback (its figures still count every account's)."""
    with ws.db.session() as session:
        query = select(Need).order_by(Need.id)
        if status:
            query = query.where(Need.status == status)
        if not include_merged:
            query = query.where(Need.merged_into_id.is_(None))
        if theme is not None:
            query = query.where(Need.id.in_(needs_in_theme(session, theme)))
        if account is not None:
            query = query.where(Need.id.in_(needs_of_account(session, account)))
        needs = list(session.scalars(query))
        window = segment_window(session, Window(segment=segment))
        figures = impact_figures(session, [n.id for n in needs], window)
        out = []
        for need in needs:
            item = need_out(session, need, window)
            item.impact = figures[need.id]
            if item.impact["accounts"] >= min_accounts and (not segment or item.impact["insights"]):
                out.append(item)
        return sorted(out, key=SORTS[sort])


def impact_figures(session: Session, need_ids: list[int], window: Window) -> dict[int, dict]:
    """Each need's impact figures as the backlog and a need's detail carry them: its quotes are
    GET /v1/needs/{id}/impact's (and the detail's evidence)."""
    return {need_id: {k: v for k, v in figures.items() if k != "quotes"}
            for need_id, figures in impacts(session, need_ids, window).items()}  # fmt: skip


def needs_in_theme(session: Session, theme_id: int):
    """A subquery: ids of needs with an evidence insight in the theme or, for a parent, in any
    of its themes. An unknown theme is a 404, not an empty backlog."""
    if session.get(Theme, theme_id) is None:
        raise NotFound(f"theme {theme_id} not found: GET /v1/themes lists them")
    followed = merge_chain(session, Theme, theme_id)  # merged away: its insights moved there
    return links_in_theme(select(NeedLink.need_id), followed[-1] if followed else theme_id)


def needs_of_account(session: Session, account_id: str):
    """A subquery: ids of needs with an evidence insight from the account's feedback (its own,
    or its contact's account, as impact counts it). An unknown account is a 404, not an empty
    backlog."""
    if session.get(Account, account_id) is None:
        raise NotFound(f"account '{account_id}' not found: GET /v1/accounts lists them")
    query = within(select(NeedLink.need_id).join(Insight, Insight.id == NeedLink.insight_id),
                   Window())  # fmt: skip
    return query.where(ACCOUNT_ID.in_([account_id]))


def links_in_theme(query: Select, theme_id: int) -> Select:
    """`query` over need links, narrowed to the links of insights in the theme or, for a parent,
    in any of its themes."""
    return query.join(Insight, Insight.id == NeedLink.insight_id).where(
        in_themes(Insight.theme_id, [theme_id])
    )


def needs_fed_by(session: Session, theme_id: int) -> list[tuple[int, str, str, int]]:
    """(id, title, status, insights) of the needs holding the theme's insights as evidence (a
    parent: its themes'), most of them first: what `GET /v1/needs?theme=` lists, counted."""
    linked = func.count(NeedLink.id)
    query = links_in_theme(
        select(Need.id, Need.title, Need.status, linked).join(Need, Need.id == NeedLink.need_id),
        theme_id,
    )
    rows = session.execute(
        query.where(Need.merged_into_id.is_(None))
        .group_by(Need.id, Need.title, Need.status)
        .order_by(linked.desc(), Need.id)
    )
    return [tuple(row) for row in rows]


def need_detail(ws: Workspace, need_id: int, limit: int = 100) -> NeedDetail:
    with ws.db.session() as session:
        need = get_need(session, need_id)
        rows = session.execute(
            select(NeedLink, Insight, Feedback)
            .join(Insight, Insight.id == NeedLink.insight_id)
            .join(Feedback, Feedback.id == Insight.feedback_id)
            .where(NeedLink.need_id == need_id)
            .order_by(Feedback.created_at.desc())
            .limit(limit)
        ).all()
        evidence = [
            Evidence(
                insight_id=insight.id,
                quote=insight.text,
                how=link.how,
                score=link.score,
                feedback_id=feedback.id,
                source=feedback.source,
                external_id=feedback.external_id,
                created_at=feedback.created_at,
                language=feedback.language,
                account_id=feedback.account_id,
                account_name=feedback.account.name if feedback.account else None,
                segment=feedback.account.segment if feedback.account else None,
            )
            for link, insight, feedback in rows
        ]
        detail = NeedDetail(**need_out(session, need).model_dump(), evidence=evidence)
        detail.impact = impact_figures(session, [need_id], Window())[need_id]  # as the list has it
        return detail


def update_need(ws: Workspace, need_id: int, body: NeedUpdate, actor: str) -> None:
    changes = redacted_fields(body, ws.settings, "title", "titles", "description").model_dump(
        exclude_unset=True
    )
    with ws.write_lock, ws.db.session() as session:
        need = get_need(session, need_id)
        if need.merged_into_id is not None:
            raise Conflict(f"need {need_id} was merged into {need.merged_into_id}: edit that one")
        before = {key: getattr(need, key) for key in changes}
        if not changes:  # nothing asked: nothing to change or to audit
            return
        if "title" in changes:
            refuse_taken_title(session, changes["title"], need_id)
        for key, value in changes.items():
            # merged: a null factor goes back to the evidence, a null title to `title`
            if key in ("rice_overrides", "titles"):
                value = merged(getattr(need, key), value)
            if key == "rice_overrides":  # a reach states what it counts
                value = stated_overrides(value, changes[key], ws.settings.rice_reach)
            setattr(need, key, value)
        if "status" in changes and changes["status"] != before["status"]:
            event = {"event": "status", "at": now().isoformat(), "from": before["status"],
                     "to": changes["status"]}  # fmt: skip
            need.lineage = [*need.lineage, event]
            session.flush()
            # Same transaction as the change: the outbox cannot miss a shipped need.
            enqueue(session, need, changes["status"])
        elif changes.keys() & {"title", "titles", "description"} and need.status in NOTIFY_ON:
            # the unsent messages say the words they will go out with (delivery renders them
            # again): listed with the old title, they read as a message about to go out wrong
            sync_outbox(session, need)
        record(session, actor, "need.update", "need", need_id, {"before": before, "after": changes})
        payload = need_payload(need)
    if "status" in changes:
        ws.vectors.set_payload(NEEDS, [need_id], payload)


def merged(current: dict | None, changes: dict | None) -> dict:
    """`changes` laid over `current`: a key set to null goes, and a null `changes` empties it."""
    if changes is None:
        return {}
    return {key: value for key, value in {**(current or {}), **changes}.items()
            if value is not None}  # fmt: skip


def link_insights(ws: Workspace, need_id: int, insight_ids: list[int], actor: str) -> list[str]:
    """Link the insights to the need; what each one linked elsewhere before moved from."""
    moved = []
    with ws.write_lock, ws.db.session() as session:
        need = get_need(session, need_id)
        if need.merged_into_id is not None:
            raise Conflict(f"need {need_id} was merged into {need.merged_into_id}: link there")
        for insight in get_insights(session, insight_ids):
            if (left := linked_elsewhere(session, insight.id, need_id)) is not None:
                moved.append(f"insight {insight.id} moved here from need {left.id} "
                             f"({left.title!r}), which no longer counts it")  # fmt: skip
            add_link(session, ws, insight, need_id, "manual", None)
        record(session, actor, "need.link", "need", need_id, {"insight_ids": insight_ids})
    set_insight_need(ws, insight_ids, need_id)
    return moved


def linked_elsewhere(session: Session, insight_id: int, need_id: int) -> Need | None:
    """The need other than `need_id` the insight is linked to, if any."""
    return session.scalar(
        select(Need)
        .join(NeedLink, NeedLink.need_id == Need.id)
        .where(NeedLink.insight_id == insight_id, Need.id != need_id)
    )


def unlink_insight(ws: Workspace, need_id: int, insight_id: int, actor: str) -> None:
    with ws.write_lock, ws.db.session() as session:
        link = session.scalar(
            select(NeedLink).where(NeedLink.need_id == need_id, NeedLink.insight_id == insight_id)
        )
        if link is None:
            raise NotFound(f"insight {insight_id} is not linked to need {need_id}")
        move_centroid(session, ws, need_id, insight_vector(link.insight), sign=-1.0)
        session.delete(link)
        session.flush()
        touch_items_of(session, [insight_id])
        sync_outbox(session, get_need(session, need_id))  # their unsent message is withdrawn
        record(session, actor, "need.unlink", "need", need_id, {"insight_id": insight_id})
    set_insight_need(ws, [insight_id], None)


def merge_needs(ws: Workspace, target_id: int, source_ids: list[int], actor: str) -> None:
    """Every link of the sources moves to the target; sources keep their rows, marked merged,
    and both sides record the event, so ids quoted elsewhere still resolve."""
    if target_id in source_ids:
        raise Conflict("a need cannot be merged into itself: remove its id from sources")
    moved: list[int] = []
    with ws.write_lock, ws.db.session() as session:
        target = get_need(session, target_id)
        if target.merged_into_id is not None:
            raise Conflict(f"need {target_id} was merged into {target.merged_into_id}: merge there")
        total = np.frombuffer(target.vector, dtype=np.float32).copy()
        # insights the target has a suggestion for or a link to (its own, or moved from a source)
        taken = set(
            session.scalars(
                select(NeedSuggestion.insight_id).where(NeedSuggestion.need_id == target_id)
            )
        ) | set(session.scalars(select(NeedLink.insight_id).where(NeedLink.need_id == target_id)))
        for source_id in source_ids:
            source = get_need(session, source_id)
            if source.merged_into_id is not None:
                raise Conflict(f"need {source_id} was already merged into {source.merged_into_id}")
            if source.status in NOTIFY_ON:
                # its customers were (or are being) told about it under its own title: merged
                # away, the open target would tell them of itself with their quotes
                raise Conflict(
                    f"need {source_id} is {source.status}: a decided need cannot be merged into "
                    f"another; merge need {target_id} into it instead, or set need {source_id} "
                    "back to open first (its unsent messages are withdrawn)"
                )
            links = session.scalars(select(NeedLink).where(NeedLink.need_id == source_id)).all()
            for link in links:
                link.need_id = target_id
                moved.append(link.insight_id)
                taken.add(link.insight_id)
            for suggestion in session.scalars(
                select(NeedSuggestion).where(
                    NeedSuggestion.need_id == source_id, NeedSuggestion.status == "pending"
                )
            ):
                if suggestion.insight_id in taken:
                    suggestion.status, suggestion.decided_at = "superseded", now()
                else:  # one suggestion per (insight, need): the target's own one stays
                    suggestion.need_id = target_id
                    taken.add(suggestion.insight_id)
            if source.vector:
                total = total + np.frombuffer(source.vector, dtype=np.float32)
            at = now().isoformat()
            source.merged_into_id = target_id
            source.lineage = [
                *source.lineage,
                {"event": "merged_into", "at": at, "need": target_id},
            ]
            # the target keeps its own titles; the source's stay on its row and in this event
            target.lineage = [*target.lineage, {"event": "merged", "at": at, "need": source_id,
                                                "title": source.title, "links": len(links),
                                                **({"titles": source.titles} if source.titles
                                                   else {})}]  # fmt: skip
        target.vector = total.astype(np.float32).tobytes()
        touch_items_of(session, moved)  # their exported need_id is the target's now
        move_centroid(session, ws, target_id, np.zeros_like(total), sign=1.0)
        session.flush()
        sync_outbox(session, target)  # a decided target tells the customers merged into it
        record(session, actor, "need.merge", "need", target_id, {"sources": source_ids})
    ws.vectors.delete(NEEDS, source_ids)
    set_insight_need(ws, moved, target_id)


def list_suggestions(
    ws: Workspace,
    status: str,
    limit: int,
    need_id: int | None = None,
    insight_id: int | None = None,
) -> list[Suggestion]:
    query = (
        select(NeedSuggestion, Need, Insight, Feedback, Account)
        .join(Need, Need.id == NeedSuggestion.need_id)
        .join(Insight, Insight.id == NeedSuggestion.insight_id)
        .join(Feedback, Feedback.id == Insight.feedback_id)
        .outerjoin(Account, Account.id == Feedback.account_id)
        .where(NeedSuggestion.status == status)
    )
    if need_id is not None:
        query = query.where(NeedSuggestion.need_id == need_id)
    if insight_id is not None:
        query = query.where(NeedSuggestion.insight_id == insight_id)
    with ws.db.session() as session:
        # a need or insight that is not stored is a 404, not an empty queue that looks reviewed
        if need_id is not None:
            get_need(session, need_id)
        if insight_id is not None:
            get_insights(session, [insight_id])
        order = (NeedSuggestion.score.desc(), NeedSuggestion.id)
        rows = session.execute(query.order_by(*order).limit(limit)).all()
        return [
            Suggestion(
                id=s.id,
                need_id=n.id,
                need_title=n.title,
                insight_id=i.id,
                quote=i.text,
                score=s.score,
                status=s.status,
                created_at=s.created_at,
                written_at=f.created_at,
                source=f.source,
                language=f.language,
                account_id=f.account_id,
                account_name=a.name if a else None,
                segment=a.segment if a else None,
            )  # fmt: skip
            for s, n, i, f, a in rows
        ]


def decide_suggestion(ws: Workspace, suggestion_id: int, accept: bool, actor: str) -> None:
    with ws.write_lock, ws.db.session() as session:
        suggestion = session.get(NeedSuggestion, suggestion_id)
        if suggestion is None:
            raise NotFound(f"no suggestion with id {suggestion_id}")
        decision = "accepted" if accept else "rejected"
        if suggestion.status == decision:  # a retried request: what it asked is done
            return
        if not accept and suggestion.status != "pending":
            raise Conflict(
                f"suggestion {suggestion_id} was already {suggestion.status}: to take an "
                f"accepted link back, DELETE /v1/needs/{suggestion.need_id}/links/"
                f"{suggestion.insight_id}"
            )
        if suggestion.status == "superseded":  # someone linked the insight elsewhere meanwhile
            raise Conflict(
                f"suggestion {suggestion_id} was already superseded: the insight was linked to "
                "another need; to move it, POST /v1/needs/{id}/links"
            )
        # accepting a rejected suggestion is a change of mind: it links the insight
        suggestion.status = "accepted" if accept else "rejected"
        suggestion.decided_at = now()
        if accept:
            insight = session.get(Insight, suggestion.insight_id)
            add_link(session, ws, insight, suggestion.need_id, "accepted", suggestion.score)
        action = "suggestion.accept" if accept else "suggestion.reject"
        record(
            session,
            actor,
            action,
            "need",
            suggestion.need_id,
            {"insight_id": suggestion.insight_id},
        )
        insight_id, need_id = suggestion.insight_id, suggestion.need_id
    if accept:
        set_insight_need(ws, [insight_id], need_id)


def audit_of(ws: Workspace, need_id: int) -> list[dict]:
    with ws.db.session() as session:
        get_need(session, need_id)
        rows = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity == "need", AuditEvent.entity_id == str(need_id))
            .order_by(AuditEvent.at, AuditEvent.id)
        )
        return [
            {"at": r.at, "actor": r.actor, "action": r.action, "detail": r.detail} for r in rows
        ]
