"""The tag filter: items a custom tagger tagged with a label, written `tagger:label`
(`"tag": "queues:billing"` in search, `?tag=queues:billing` in GET lists and exports). Read in
SQL on both stores from the item's stored `tags`, as the exports' `tags` column shows them (a
multi-label tagger's: any of the labels that apply; none applying, its `label`, `unknown`);
search narrows its vector search to the items SQL finds, as for metadata."""

import re

from sqlalchemy import Boolean, ColumnElement, exists, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from api.storage.tables import Feedback
from api.taggers.schemas import MAX_LABEL_CHARS, NAME_PATTERN, normal_label

EXAMPLE = "queues:billing"


def tag_value(value: str) -> str:
    """`tagger:label` as stored (the label trimmed and NFC-normalised, as training does), or a
    ValueError saying how to write it."""
    tagger, colon, label = value.partition(":")
    if not colon or not tagger.strip() or not label.strip():
        raise ValueError(f"{value!r}: write tagger:label, e.g. {EXAMPLE}")
    if not re.fullmatch(NAME_PATTERN, tagger.strip()):
        raise ValueError(f"{value!r}: {tagger.strip()!r} is no tagger name (lower-case letters, "
                         f"digits, - and _): write tagger:label, e.g. {EXAMPLE}")  # fmt: skip
    if len(normal_label(label)) > MAX_LABEL_CHARS:
        raise ValueError(f"{value!r}: a label is at most {MAX_LABEL_CHARS} characters")
    return f"{tagger.strip()}:{normal_label(label)}"


class tag_held(FunctionElement):  # noqa: N801 (an SQL function, named as one)
    """Whether a `tags` column holds (tagger, label): compiled for each engine below."""

    type = Boolean()
    inherit_cache = True


@compiles(tag_held, "sqlite")
def _tag_held_sqlite(element: tag_held, compiler, **kw) -> str:
    tags, tagger, label = (compiler.process(clause, **kw) for clause in element.clauses)
    # a tagger name holds no quote (NAME_PATTERN), so it can be a quoted key of the JSON path
    labels = f"""'$."' || {tagger} || '".labels'"""
    top = f"""'$."' || {tagger} || '".label'"""
    return (
        f"(EXISTS (SELECT 1 FROM json_each({tags}, {labels}) WHERE value = {label}) "
        f"OR (coalesce(json_array_length({tags}, {labels}), 0) = 0 "
        f"AND json_extract({tags}, {top}) = {label}))"
    )


@compiles(tag_held, "postgresql")
def _tag_held_postgresql(element: tag_held, compiler, **kw) -> str:
    tags, tagger, label = (compiler.process(clause, **kw) for clause in element.clauses)
    labels = f"({tags} -> CAST({tagger} AS TEXT) -> 'labels')"
    return (
        f"(EXISTS (SELECT 1 FROM json_array_elements_text({labels}) AS held(value) "
        f"WHERE held.value = CAST({label} AS TEXT)) "
        f"OR (coalesce(json_array_length({labels}), 0) = 0 "
        f"AND ({tags} -> CAST({tagger} AS TEXT) ->> 'label') = CAST({label} AS TEXT)))"
    )


def tags_match(values: list[str]) -> ColumnElement[bool]:
    """Any of the `tagger:label` values (checked by tag_value) held by the item."""
    held = []
    for value in values:
        tagger, _, label = value.partition(":")
        held.append(tag_held(Feedback.tags, literal(tagger), literal(label)))
    return or_(*held)


def tag_stored(session: Session, value: str) -> bool:
    """Whether any stored item holds `tagger:label` (a typo matches nothing: said, not silent)."""
    return bool(session.scalar(select(exists().where(tags_match([value])))))
