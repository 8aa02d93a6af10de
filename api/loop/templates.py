"""The messages customers get when a need they asked about ships (or is declined), in their
language (default_templates.LANGUAGES). Editable: a stored template replaces the default of its
(kind, language)."""

from string import Formatter

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.loop.default_templates import DEFAULTS, LANGUAGES
from api.storage.loop_tables import NotificationTemplate

KINDS = ("shipped", "declined")
FIELDS = {
    "contact_name",
    "need_title",
    "need_description",
    "quote",
    "account_name",
    "unsubscribe_url",
}  # a body without {unsubscribe_url} gets the link as a footer


class TemplateError(ValueError):
    """A template that cannot be rendered; the message names the unknown field."""


def check_fields(text: str) -> None:
    """Refuse now what would fail at every send: unknown fields, unbalanced braces, `{}`."""
    literal = "write {{ and }} for a literal brace"
    try:
        parts = [(name, spec, conversion) for _, name, spec, conversion in Formatter().parse(text)
                 if name is not None]  # fmt: skip
    except ValueError as error:
        raise TemplateError(f"{error}: {literal}") from None
    for name, spec, conversion in parts:
        if spec or conversion:  # a value could fill a nested spec and break every send
            raise TemplateError(f"write {{{name}}} without a format (:…) or conversion (!…)")
    used = {name for name, _, _ in parts}
    unknown = used - FIELDS
    if unknown:
        names = ", ".join(sorted(name or "{} (positional)" for name in unknown))
        raise TemplateError(f"unknown field(s) {names}; use {', '.join(sorted(FIELDS))}")
    try:
        render(text, {})
    except (IndexError, KeyError, ValueError) as error:  # e.g. a nested field in a format spec
        raise TemplateError(f"the template cannot be filled in ({error!r}): {literal}") from None


# Where str.splitlines breaks a line: in a Subject header any of them would end it, and the
# e-mail library refuses CR and LF there (every send of that template failed)
LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def check_subject(text: str) -> None:
    """A subject is one line: it becomes the e-mail's Subject header."""
    if any(char in LINE_BREAKS for char in text):
        raise TemplateError("write the subject on one line: it holds a line break (CR or LF)")


def one_line(text: str) -> str:
    """Each run of whitespace as one space: a filled-in value (a need title with a line break)
    must not break the Subject header."""
    return " ".join(text.split())


def template(session: Session, kind: str, language: str | None) -> tuple[str, str, str]:
    """(subject, body, language used): the contact's language if we have it, else English."""
    language = language if language in LANGUAGES else "en"
    stored = session.scalar(
        select(NotificationTemplate).where(
            NotificationTemplate.kind == kind, NotificationTemplate.language == language
        )
    )
    if stored is not None:
        return stored.subject, stored.body, language
    subject, body = DEFAULTS[(kind, language)]
    return subject, body, language


def render(text: str, values: dict[str, str]) -> str:
    """Fill the fields in; an empty one takes the spaces before it along ("Hello {contact_name},"
    with no name is "Hello,", not "Hello ,")."""
    out = ""
    for literal, name, _, _ in Formatter().parse(text):  # check_fields refused specs
        out += literal
        value = (values.get(name) or "") if name is not None else ""
        if name is not None and not value and out.rstrip(" \t")[-1:] not in ("", "\n"):
            out = out.rstrip(" \t")
        out += value
    return out
