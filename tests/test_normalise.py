from analyzer.stages.normalise import normalise


def test_collapses_whitespace_and_invisible_characters():
    assert normalise("  The\u00a0export \u200bcrashes   again \r\n\r\n\r\n\r\nFix it ") == (
        "The export crashes again\n\nFix it"
    )


def test_composes_unicode():
    assert normalise("e\u0301te\u0301") == "été"


def test_cuts_quoted_reply_and_signature():
    email = (
        "The invoice is wrong again.\n\n"
        "On Mon, 3 Jun 2024 at 10:00, Support <help@acme.com> wrote:\n"
        "> Thanks for reaching out\n"
    )
    assert normalise(email) == "The invoice is wrong again."
    assert normalise("L'appli plante.\n--\nMarie\nDirectrice") == "L'appli plante."
    assert normalise("Slow sync.\nSent from my iPhone") == "Slow sync."


def test_drops_quoted_lines_but_never_everything():
    assert normalise("> old text\nNew complaint here") == "New complaint here"
    assert normalise("Sent from my iPhone") == "Sent from my iPhone"
