"""What `boucle` commands print for a person: a customer's control characters spelt out, never
sent to the operator's terminal raw; JSON kept exact."""

import json
import sys
import unicodedata

from api.needs.cli import print_messages
from api.terminal import UNSEEN, json_line, print_json, print_table, shown

# What draws nothing yet acts: controls, format characters (bidi, zero-width, tags), line and
# paragraph separators, lone surrogates.
UNSEEN_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}


def test_a_table_spells_out_control_characters(capsys) -> None:
    print_table(("name", "quote"), [("Evil\x1b]0;pwned\x07", "clear\x1b[2J\x9bme\tnow")])
    assert capsys.readouterr().out.splitlines()[1] == (
        "Evil\\x1b]0;pwned\\x07  clear\\x1b[2J\\x9bme\\x09now"
    )


def test_a_dry_run_message_keeps_its_lines_and_spells_out_escapes(capsys) -> None:
    person = {"excluded": None, "name": "Ann\x1b[2J", "email": "ann@example.com",
              "contact_id": "c1", "language": "en", "subject": "Done\x9b",
              "body": "Hello\x1b]0;owned\x07 Ann,\n\tit shipped.\n"}  # fmt: skip
    print_messages([person])
    assert capsys.readouterr().out == (
        "\nmessage to Ann\\x1b[2J <ann@example.com> (en)\n"
        "  subject: Done\\x9b\n"
        "  | Hello\\x1b]0;owned\\x07 Ann,\n"
        "  | \tit shipped.\n"
    )


def test_json_lines_stay_exact_json_with_no_raw_control(capsys) -> None:
    value = {"text": "a\x1b[2J b\x9b c\x7f"}
    print_json(value)
    out = capsys.readouterr().out
    assert not any(c < " " or "\x7f" <= c <= "\x9f" for c in out.rstrip("\n"))
    assert json.loads(out) == value


def test_bidi_and_zero_width_characters_are_spelt_out() -> None:
    """A right-to-left override made "invoice\u202egpj.exe" read "invoiceexe.jpg"; a zero-width
    space hid in a name; they are written as Python writes them."""
    assert shown("invoice\u202egpj.exe \u2066x\u2069 a\u200bdmin\ufeff \u2028 \U000e0041") == (
        "invoice\\u202egpj.exe \\u2066x\\u2069 a\\u200bdmin\\ufeff \\u2028 \\U000e0041"
    )
    readable = "Zoé, Ærøskøbing, 東京, €5, naïve 👍 — ok"
    assert shown(readable) == readable


def test_every_character_that_draws_nothing_is_unseen() -> None:
    """The hand-written class against this Python's Unicode data: none missed."""
    missed = [f"U+{code:04X}" for code in range(sys.maxunicode + 1)
              if unicodedata.category(chr(code)) in UNSEEN_CATEGORIES
              and not UNSEEN.fullmatch(chr(code))]  # fmt: skip
    assert missed == []
    shown_as_they_are = "a é ß 東 👍 \u00a0 \u3000 ~"  # letters, emoji, spaces
    assert not UNSEEN.search(shown_as_they_are)


def test_an_indented_json_document_keeps_its_layout_and_value() -> None:
    value = {"label": "billing\x1b[31m\u202e", "tag": "\U000e0041", "lone": "\ud800"}
    document = json_line(json.dumps(value, indent=2, ensure_ascii=False))
    assert document.splitlines()[1] == '  "label": "billing\\u001b[31m\\u202e",'
    assert "\\udb40\\udc41" in document and "\\ud800" in document  # surrogates escaped
    assert json.loads(document) == value and document.isascii()
