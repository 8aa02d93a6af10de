"""Semantic search and similar insights: the vector store ranks, SQL fills in the rows."""

import threading
import unicodedata
import weakref
from collections.abc import Collection, Sequence
from datetime import datetime

import numpy as np
from sqlalchemy import CTE, ColumnElement, Engine, func, or_, select
from sqlalchemy.orm import Session

from api.accounts.segments import same_segments, segment_key
from api.errors import NotFound
from api.search.cased import cased_query
from api.search.merges import following_merges
from api.search.metadata import metadata_matches
from api.search.polarity import (
    hit_polarity,
    polarity_label,
    query_polarity,
    seed_polarity,
    with_polarity,
)
from api.search.records import record_fields, record_rows
from api.search.schemas import MAX_OFFSET, Filters, SearchHit, SearchResponse, as_list
from api.search.seeds import Seed
from api.search.spellings import named_by_most_used
from api.search.tags import tag_stored, tags_match
from api.search.words import QueryWords, boosted, lowest_cosine
from api.storage.db import Database
from api.storage.tables import Account, Feedback, Insight, Need, Theme, source_key
from api.themes.members import with_children
from api.vectors import VectorFilter, VectorHit
from api.wording import closest
from api.workspace import INSIGHTS, Workspace


def vector_filter(filters: Filters, exclude: Sequence[int] = (),
                  feedback_ids: list[int] | None = None) -> VectorFilter:  # fmt: skip
    """The filters as the vector store reads them; `feedback_ids`: only these items' insights
    (what SQL found for filters the payload does not hold: metadata, changed_since)."""
    any_of = {
        field: as_list(getattr(filters, name))
        for name, field in (
            ("source", "source"),
            ("language", "language"),
            ("sentiment", "sentiment"),
            ("intent", "intents"),
            ("urgency", "urgency"),
            ("account", "account_id"),
            ("segment", "segment"),
            ("need", "need_id"),
            ("theme", "theme_id"),
        )  # fmt: skip
        if getattr(filters, name) is not None
    }
    if feedback_ids is not None:  # an empty list matches nothing, as it should
        any_of["feedback_id"] = feedback_ids
    ranges = {}
    if filters.created_from or filters.created_to:
        ranges["created_ts"] = (
            filters.created_from.timestamp() if filters.created_from else None,
            filters.created_to.timestamp() if filters.created_to else None,
        )
    if filters.score_min is not None or filters.score_max is not None:
        ranges["score"] = (filters.score_min, filters.score_max)
    unthemed = {"theme_id": -1} if filters.unthemed else {}  # how the store marks no theme
    return VectorFilter(equals=unthemed, any_of=any_of, ranges=ranges, exclude_ids=list(exclude))


# Identical texts (templated messages, copy-pasted tickets) share one vector, so they come back
# side by side with one score: fetch a few times what is wanted, and more while a wanted hit's
# repeats may lie beyond what was fetched.
FIRST_FETCH = 3
MAX_FETCH = 20_000
# A fetch wider than this scans every vector (exact) rather than walking the HNSW graph: the
# graph's walk costs about a scan's time there (measured at 20k x 512), and the wide fetches
# (deep pages, files) are where it loses repeats (VectorStore.search).
EXACT_FROM_FETCH = 1_000
# The closest candidates by meaning that the query's words rank again (api/search/words.py):
# a fixed pool, so that every page and file of one search ranks the same hits the same way.
WORD_POOL = 100


def search(
    ws: Workspace,
    query: str,
    limit: int,
    filters: Filters,
    distinct: bool = True,
    offset: int = 0,
    min_score: float | None = None,
    polarity: bool = True,
) -> SearchResponse:
    """With `polarity` (and BOUCLE_SEARCH_POLARITY_PENALTY above 0), a query that reads clearly
    positive or negative ranks the hits that clearly say the opposite lower (polarity.py). A
    word typed in lower case is read as the stored insights write it ("sso" as "SSO": cased.py)."""
    with ws.db.session() as session:
        cased = cased_query(session, query)
    vector = ws.tagger.embed([cased])[0]
    where = filter_of(ws, filters)
    words = query_words(ws, query)
    sign = query_polarity(ws.tagger.analyzer, cased, vector) if polarity_used(ws, polarity) else 0
    page = ranked_hits(
        ws, vector, limit, where, distinct, offset, min_score, words=words, polarity=sign
    )
    if words is None and ws.settings.search_word_boost > 0:  # the log said it once, to no caller
        page.warnings.append(WORDS_LOADING)
    return warned(ws, read_as(page, sign), filters)


WORDS_LOADING = ("search word tables still loading (seconds after a start): these hits rank by "
                 "meaning alone, not by the query's words too; search again shortly for both")  # fmt: skip


def polarity_used(ws: Workspace, asked: bool) -> bool:
    return asked and ws.settings.search_polarity_penalty > 0


def read_as(page: SearchResponse, polarity: int) -> SearchResponse:
    """The page saying how its query (or seed) was read for the polarity rule."""
    return page.model_copy(update={"polarity": polarity_label(polarity)})


def warned(ws: Workspace, page: SearchResponse, filters: Filters) -> SearchResponse:
    """The page with a word for each filter value that matches nothing stored."""
    with ws.db.session() as session:
        page.warnings = [*values_matching_nothing(session, filters), *page.warnings]
    return page


def query_words(ws: Workspace, query: str) -> QueryWords | None:
    """The query's words for the boost; None with BOUCLE_SEARCH_WORD_BOOST=0, or while a
    server still loads the tables they are read with (by meaning alone until then)."""
    if ws.settings.search_word_boost <= 0 or not ws.word_tables.ready():
        return None
    return QueryWords(query)


def similar(
    ws: Workspace,
    seed: Seed,
    limit: int,
    filters: Filters,
    distinct: bool = True,
    offset: int = 0,
    min_score: float | None = None,
    polarity: bool = True,
) -> SearchResponse:
    """The insights closest to the seed's, the seed's own left out, and those saying its very
    words (text_key) too, in pages and files alike: they are the same quote, not a similar one.
    A seed whose stored sentiment reads clearly one way ranks the hits clearly saying the
    opposite lower, as a search's query does (BOUCLE_SEARCH_POLARITY_PENALTY; 0 or `polarity`
    false: not)."""
    vector = seed.vector()
    if vector is None:
        return SearchResponse(items=[])
    where = filter_of(ws, filters, exclude=seed.ids)
    sign = seed_polarity(seed.sentiments) if polarity_used(ws, polarity) else 0
    page = ranked_hits(
        ws, vector, limit, where, distinct, offset, min_score, seed.texts, polarity=sign
    )
    return warned(ws, read_as(page, sign), filters)


def filter_of(ws: Workspace, filters: Filters, exclude: Sequence[int] = ()) -> VectorFilter:
    """The vector store's filter: the payload's fields, and the items whose metadata and tags
    match (read in SQL: the payload holds neither)."""
    ids = None
    if filters.metadata or filters.tag or filters.changed_since:
        with ws.db.session() as session:
            ids = feedback_matching(session, filters.metadata, as_list(filters.tag),
                                    filters.changed_since)  # fmt: skip
    return vector_filter(themed(ws, filters), exclude, ids)


def feedback_matching(session: Session, metadata: dict[str, str] | None,
                      tags: list[str] | None,
                      changed_since: datetime | None = None) -> list[int]:  # fmt: skip
    """The items whose metadata holds `metadata`, that hold any of `tags` and that changed
    since `changed_since`."""
    query = select(Feedback.id)
    if changed_since:
        query = query.where(Feedback.updated_at >= changed_since)
    if metadata:
        query = query.where(metadata_matches(metadata))
    if tags:
        query = query.where(tags_match(tags))
    return list(session.scalars(query))


def themed(ws: Workspace, filters: Filters) -> Filters:
    """The filters with a parent theme standing for the themes under it, and sources and
    segments spelt as stored."""
    with ws.db.session() as session:
        filters = as_stored(session, filters)
        if filters.theme is None:
            return filters
        return filters.model_copy(update={"theme": with_children(session, as_list(filters.theme))})


def as_stored(session: Session, filters: Filters) -> Filters:
    """Source and segment values as the store spells them, whatever their case: "Zendesk" and
    "Enterprise" found nothing where "zendesk" and "enterprise" are stored. Compared by
    source_key (casefold) in Python, as ingest tells items apart: SQL's lower() leaves "É" (on
    SQLite) and "ß" as they are; segments by segment_key, which also sets aside the spaces,
    hyphens or underscores between words ("mid-market" finds "Mid market"). A theme or need id
    that is not stored is a NotFound (404), as GET /v1/themes/{id} is: not an empty result."""
    stored_ids_only(session, filters)
    filters, _ = following_merges(session, filters)  # values_matching_nothing says so
    update = {}
    source = as_list(filters.source)
    if source:
        keys = {source_key(value) for value in source}
        stored = {spelt for spelt in source_spellings(session) if source_key(spelt) in keys}
        update["source"] = sorted({*source, *stored})
    segment = as_list(filters.segment)
    if segment:
        update["segment"] = same_segments(segment, segment_spellings(session))
    return filters.model_copy(update=update) if update else filters


# Each database's source spellings, with the newest item's id when they were read: a new
# spelling comes with a new item, and ids are never reused (0023), so they are read again only
# once an item was stored since, by this process or another. (On PostgreSQL, an item committed
# after a newer one whose id a search read in between is found from the next item stored.)
_SOURCE_SPELLINGS: weakref.WeakKeyDictionary[Engine, tuple[int, frozenset[str]]]
_SOURCE_SPELLINGS = weakref.WeakKeyDictionary()
_SPELLINGS_LOCK = threading.Lock()


def source_spellings(session: Session) -> frozenset[str]:
    """Every spelling of a source stored ("Zendesk", "zendesk"): read once per item stored,
    not at each filtered request."""
    newest = session.scalar(select(func.max(Feedback.id))) or 0
    engine = session.get_bind()
    with _SPELLINGS_LOCK:
        read = _SOURCE_SPELLINGS.get(engine)
    if read is not None and read[0] == newest:
        return read[1]
    spellings = frozenset(each_spelling(session, Feedback.source))
    with _SPELLINGS_LOCK:
        _SOURCE_SPELLINGS[engine] = (newest, spellings)
    return spellings


def segment_spellings(session: Session) -> list[str]:
    """Every spelling of a segment stored: accounts change in place, so read each time."""
    return each_spelling(session, Account.segment)


def each_spelling(session: Session, column) -> list[str]:
    return [spelt for spelt in session.scalars(select(each_value(column).c.value)) if spelt]


def stored_ids_only(session: Session, filters: Filters) -> None:
    for name, table in (("theme", Theme), ("need", Need)):
        wanted = set(as_list(getattr(filters, name)) or [])
        if wanted:
            missing = wanted - set(session.scalars(select(table.id).where(table.id.in_(wanted))))
            if missing:
                ids = ", ".join(map(str, sorted(missing)[:10]))
                raise NotFound(f"no {name} with id {ids}")


def commas_matching_nothing(session: Session, filters: Filters) -> list[tuple[str, str]]:
    """(filter, value) for each account or segment value holding a comma that matches nothing
    stored: a comma list from a BI tool ("smb,enterprise"), which these filters do not split
    since an account id or a segment may hold a comma. An account value that is an account's
    whole name ("Northwind, Inc.") is no list: values_matching_nothing points to its id."""
    found = []
    for value in as_list(filters.account) or []:
        if "," in value:
            same = or_(Account.id == value, named_exactly(value))
            if session.scalar(select(Account.id).where(same).limit(1)) is None:
                found.append(("account", value))
    segments = [value for value in as_list(filters.segment) or [] if "," in value]
    if segments:
        stored = {segment_key(spelt) for spelt in segment_spellings(session)}
        found += [("segment", value) for value in segments if segment_key(value) not in stored]
    return found


SHOWN_VALUES = 10  # stored sources, segments or languages listed in a warning, at most


def values_matching_nothing(session: Session, filters: Filters) -> list[str]:
    """A warning for each source, segment, language or account value that nothing stored has (a
    typo, a name where an id is expected): its empty result is legitimate, but not silent. Cheap:
    the spellings are read as `as_stored` reads them, accounts by their key (and, for an id
    not stored, by name)."""
    warnings = []
    for name, spelt, column, holder, key in (
        ("source", source_spellings, Feedback.source, "feedback has", source_key),
        ("segment", segment_spellings, Account.segment, "account has", segment_key),
    ):
        values = as_list(getattr(filters, name)) or []
        keys = {key(spelling) for spelling in spelt(session)} if values else set()
        missing = [value for value in values if key(value) not in keys]
        if missing:  # each stored value once, as most rows spell it ("zendesk", not "Zendesk")
            counted = named_by_most_used(session, column, key)
            stored = sorted(counted, key=lambda spelt: (-counted[spelt], spelt))
            warnings += [f"no {holder} {name} {value!r}; {name}s stored: {shown(stored, value)}"
                         for value in missing]  # fmt: skip
    warnings += languages_matching_nothing(session, filters)
    warnings += [f"no stored message has the tag {value!r} (tagger:label, as the tags column "
                 "of the exports writes a label)" for value in as_list(filters.tag) or []
                 if not tag_stored(session, value)]  # fmt: skip
    warnings += following_merges(session, filters)[1]
    wanted = as_list(filters.account) or []
    found = set(session.scalars(select(Account.id).where(Account.id.in_(wanted)))) if wanted else ()
    for value in wanted:
        if value in found:
            continue
        warnings.append(f"no account has the id {value!r}{account_hint(session, value)}")
    return warnings


def named_exactly(value: str) -> ColumnElement[bool]:
    """The account's whole name is `value`, in any case."""
    return func.lower(Account.name) == value.lower()


def account_hint(session: Session, value: str) -> str:
    """What the user may have meant by an account id that matches none: an id spelt in another
    case ("beta sas" for "Beta SAS"; ids match exactly), or an account's name."""
    same_id = session.scalars(
        select(Account.id).where(func.lower(Account.id) == value.lower()).limit(3)
    ).all()
    if same_id:
        return f"; ids match exactly: an account has the id {same_id[0]!r}"
    named = session.execute(
        select(Account.id, Account.name).where(named_exactly(value)).limit(3)
    ).all()
    ids = ", ".join(row.id for row in named)
    return f"; an account named {named[0].name!r} exists: {ids}" if named else ""


def segment_matching_nothing(session: Session, segment: str | None) -> list[str]:
    """The warning for a lone ?segment= (the theme and need impact endpoints', the backlog's and
    RICE's) that no account has: a typo answers zeros, but not silently. A blank one has no
    spelling to warn about (Filters refuses it: it was a 500)."""
    return (
        values_matching_nothing(session, Filters(segment=segment))
        if segment and segment.strip()
        else []
    )


def segment_warnings(db: Database, segment: str | None) -> list[str]:
    """segment_matching_nothing in a session of its own: for the needs backlog and the RICE
    ranking, read in theirs (their routes and `boucle needs list|priorities`)."""
    if not segment or not segment.strip():
        return []
    with db.session() as session:
        return segment_matching_nothing(session, segment)


def shown(stored: list[str], given: str) -> str:
    """Up to SHOWN_VALUES stored values for a warning to list: those `given` was likely meant
    as first (as an unknown setting's name is matched: api/wording.closest), then the others
    in `stored`'s order (most used first). Alphabetical, "zendsk" hid zendesk past the tenth."""
    close = closest(given, stored, SHOWN_VALUES)
    listed = [*close, *(value for value in stored if value not in close)]
    more = ", ..." if len(listed) > SHOWN_VALUES else ""
    return ", ".join(listed[:SHOWN_VALUES]) + more if listed else "none"


def languages_matching_nothing(session: Session, filters: Filters) -> list[str]:
    """A warning for each language code that no message has ("de" where en and fr are stored):
    a valid code, so not a 422. The language is not indexed: a code stored is found at its first
    message; the stored codes are read (one scan) only for a warning."""
    missing = [
        code
        for code in as_list(filters.language) or []
        if session.scalar(select(Feedback.id).where(in_language(code)).limit(1)) is None
    ]
    if not missing:
        return []
    codes = session.scalars(select(Feedback.language).distinct())
    stored = sorted({code or "und" for code in codes})  # "und" is mostly stored as none
    return [f"no feedback has language {code!r}; languages stored: {shown(stored, code)}"
            for code in missing]  # fmt: skip


def in_language(code: str):
    """Where a message's language is `code`, as the filters read it ("und": none stored)."""
    if code == "und":
        return or_(Feedback.language.is_(None), Feedback.language == code)
    return Feedback.language == code


def each_value(column) -> CTE:
    """The distinct values of an indexed column, one index seek each (a loose index scan):
    reading every item's source for its few spellings took 15 ms a search at 100,000 items."""
    first = select(func.min(column).label("value")).cte("spelt", recursive=True)
    after = select(func.min(column)).where(column > first.c.value).scalar_subquery()
    return first.union_all(select(after).where(first.c.value.is_not(None)))


def ranked_hits(
    ws: Workspace,
    vector: np.ndarray,
    limit: int,
    where: VectorFilter,
    distinct: bool,
    offset: int = 0,
    min_score: float | None = None,
    unlike: Collection[str] = (),
    words: QueryWords | None = None,
    polarity: int = 0,
) -> SearchResponse:
    """Hits `offset` to `offset + limit`, best first; equal scores (to the 4 decimals shown) in
    id order, so a page is the same whatever the limit. With `distinct`, each text once, with
    the number of its repeats in `same_text`. `next_offset` when a hit is left after them.
    With `words` (a query's), the WORD_POOL closest hits score higher for each of them they
    hold (BOUCLE_SEARCH_WORD_BOOST); with a `polarity` (+1 or -1, a query's), the hits whose
    stored sentiment clearly says the opposite score lower (BOUCLE_SEARCH_POLARITY_PENALTY);
    `min_score` bounds that score. A hit whose text is one of `unlike`'s is left out."""
    boost = ws.settings.search_word_boost if words else 0.0
    end = offset + limit
    wanted = end + 1  # one more than shown: whether a next page exists
    fetch = min(MAX_FETCH, max(wanted * FIRST_FETCH, WORD_POOL if boost else 0))
    # a boosted hit may reach min_score from under it
    threshold = lowest_cosine(min_score, boost) if boost else min_score
    # texts and opinions (hit_polarity) read in earlier rounds (None: the row is gone)
    known: dict[int, tuple[str, int] | None] = {}
    said = {text_key(text) for text in unlike}  # the seed's own words: no hit says them
    # a page past the first is exact, so that it follows on from the pages before it whatever
    # the graph misses
    exact = offset > 0
    while True:
        found, exact = closest_insights(ws, vector, fetch, where, threshold, exact)
        exhausted = len(found) < fetch or fetch >= MAX_FETCH
        found.sort(key=lambda hit: (-round(hit.score, 4), hit.id))
        unread = [hit.id for hit in found if hit.id not in known]
        read = texts_of(ws, unread)
        known.update({i: read.get(i) for i in unread})
        # a vector whose row is gone is left out
        rows = {hit.id: row for hit in found if (row := known[hit.id]) is not None}
        texts = {i: text for i, (text, _) in rows.items()}
        last = found[-1].score if found else None  # what any hit not fetched scores at most
        if boost:
            found = with_words(found, texts, words, boost, min_score)
        if polarity:
            opinions = {i: opinion for i, (_, opinion) in rows.items()}
            penalty = ws.settings.search_polarity_penalty
            found = with_polarity(found, opinions, polarity, penalty, min_score)
        if said:
            texts = {i: t for i, t in texts.items() if text_key(t) not in said}
        groups = fold_same_text([hit for hit in found if hit.id in texts], texts, distinct)
        # complete once the last hit fetched scores under the last one wanted: any repeat (or
        # tie) of a wanted hit scores the same as it, so it is in
        if exhausted or (
            len(groups) >= wanted and round(last, 4) < round(groups[wanted - 1][0].score, 4)
        ):
            break
        fetch = min(MAX_FETCH, fetch * 4)
    more = len(groups) > end and end <= MAX_OFFSET  # deeper pages are refused: narrow instead
    past = [past_the_last_hit(offset, len(groups))] if offset and offset >= len(groups) else []
    return SearchResponse(
        items=hits_out(ws, groups[offset:end]), next_offset=end if more else None, warnings=past
    )


def past_the_last_hit(offset: int, hits: int) -> str:
    """What an empty page past the end says: a 200 with no items alone read as "nothing
    matches" (a client that counted pages wrong, or kept an offset from another search)."""
    where = "no hit matches" if not hits else f"the last is at offset {hits - 1:,}"
    return f"offset {offset:,} is past the last hit ({where}): ask a lower offset"


def closest_insights(
    ws: Workspace,
    vector: np.ndarray,
    fetch: int,
    where: VectorFilter,
    score_threshold: float | None,
    exact: bool = False,
) -> tuple[list[VectorHit], bool]:
    """The `fetch` insights closest to `vector` (no payload: the rows are SQL's), and whether
    they were found by an exact scan: a wide fetch scans (EXACT_FROM_FETCH), and so does one
    whose graph walk reached copies of a text, since the walk misses most of them. What search,
    theme seeding and need matching fetch with, so that none of them misses a copy."""
    exact = exact or fetch > EXACT_FROM_FETCH
    found = ws.vectors.search(
        INSIGHTS, vector, fetch, where, score_threshold=score_threshold, payload=False, exact=exact
    )
    if not exact and holds_copies(found):
        exact = True
        found = ws.vectors.search(
            INSIGHTS, vector, fetch, where, score_threshold=score_threshold, payload=False,
            exact=True,
        )  # fmt: skip
    return found, exact


def holds_copies(found: list[VectorHit]) -> bool:
    """Whether two hits score the very same: copies of one vector (one text stored again and
    again), whose other copies an HNSW search mostly misses (VectorStore.search)."""
    return len({hit.score for hit in found}) < len(found)


def with_words(
    found: list[VectorHit],
    texts: dict[int, str],
    words: QueryWords,
    boost: float,
    min_score: float | None,
) -> list[VectorHit]:
    """`found` (closest first) with the first WORD_POOL scored again by the query's words they
    hold, best first, those under `min_score` left out. A hit past the pool keeps its cosine:
    the pool's hits score at least as much, so the order of all hits is one, page after page."""
    pool = [
        VectorHit(hit.id, boosted(hit.score, words.share_in(texts.get(hit.id, "")), boost), {})
        for hit in found[:WORD_POOL]
    ]
    rescored = [*pool, *found[WORD_POOL:]]
    if min_score is not None:
        rescored = [hit for hit in rescored if hit.score >= min_score]
    return sorted(rescored, key=lambda hit: (-round(hit.score, 4), hit.id))


def texts_of(ws: Workspace, ids: list[int]) -> dict[int, tuple[str, int]]:
    """Each insight's text and stored opinion (hit_polarity: its sentiment, else its praise or
    complaint tag), by id."""
    out: dict[int, tuple[str, int]] = {}
    columns = (Insight.id, Insight.text, Insight.sentiment_score, Insight.intents)
    with ws.db.session() as session:
        for start in range(0, len(ids), 5_000):  # under every engine's bound-parameter limit
            chunk = ids[start : start + 5_000]
            rows = session.execute(select(*columns).where(Insight.id.in_(chunk)))
            for row in rows:
                tags = [intent["label"] for intent in row.intents or []]
                out[row.id] = (row.text, hit_polarity(row.sentiment_score, tags))
    return out


# Emoji and pictographs (So), their skin tones (Sk), joiners (Cf) and presentation selectors:
# "Sync is broken 😡" and "sync is broken" are one quote.
def _symbol(char: str) -> bool:
    return char in "\ufe0e\ufe0f" or unicodedata.category(char) in ("So", "Sk", "Cf")


def text_key(text: str) -> str:
    """What makes two texts the same quote: case, spacing, emoji and end punctuation aside."""
    plain = "".join(char for char in text if not _symbol(char))
    return " ".join(plain.casefold().split()).strip(" .,;:!?\"'«»“”")


def fold_same_text(
    hits: list[VectorHit], texts: dict[int, str], distinct: bool
) -> list[tuple[VectorHit, int]]:
    """Each hit with its number of folded repeats: with `distinct`, a text's repeats (case,
    spacing and end punctuation aside) fold into its first hit; without, none fold."""
    if not distinct:
        return [(hit, 0) for hit in hits]
    kept: dict[str, list] = {}
    for hit in hits:
        key = text_key(texts[hit.id])
        if key in kept:
            kept[key][1] += 1
        else:
            kept[key] = [hit, 0]
    return [(hit, repeats) for hit, repeats in kept.values()]


def hits_out(ws: Workspace, hits: list[tuple[VectorHit, int]]) -> list[SearchHit]:
    if not hits:
        return []
    with ws.db.session() as session:
        query = record_rows().where(Insight.id.in_([hit.id for hit, _ in hits]))
        rows = {row.id: row for row in session.execute(query)}
    results = []
    for hit, repeats in hits:
        row = rows.get(hit.id)
        if row is None:  # a vector whose row is gone; the worker's reindex repairs it
            continue
        results.append(
            SearchHit(score=round(hit.score, 4), same_text=repeats, **record_fields(row))
        )
    return results
