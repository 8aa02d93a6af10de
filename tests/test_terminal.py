"""What `boucle` commands print for a person: a customer's control characters spelt out, never
sent to the operator's terminal raw; JSON kept exact."""

import json

from api.needs.cli import print_messages
from api.terminal import print_json, print_table


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
