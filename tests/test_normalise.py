from analyzer.stages.normalise import has_content, normalise


def test_collapses_whitespace_and_invisible_characters():
    assert normalise("  The\u00a0export \u200bcrashes   again \r\n\r\n\r\n\r\nFix it ") == (
        "The export crashes again\n\nFix it"
    )


def test_drops_control_characters_and_keeps_line_breaks():
    assert normalise("The export\x00 crashes\x07\x1b[0m\x0cFix it\u2028now\x85please") == (
        "The export crashes[0m\nFix it\nnow\nplease"
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


def test_html_bodies_become_their_text():
    body = (
        "<html><head><style>p {color: red}</style></head><body><div>Bonjour,</div>"
        "<div>L&#39;export <b>plante</b>&nbsp;depuis la mise&nbsp;à jour.</div><!-- tracking -->"
        "<ul><li>Chrome</li><li>Firefox</li></ul></body></html>"
    )
    assert (
        normalise(body) == "Bonjour,\n\nL'export plante depuis la mise à jour.\n\nChrome\n\nFirefox"
    )
    assert (
        normalise("<p>The export crashes.</p><br>Please fix") == "The export crashes.\n\nPlease fix"
    )


def test_text_that_only_mentions_markup_keeps_it():
    assert normalise("The <div> tag breaks the layout") == "The <div> tag breaks the layout"
    assert normalise("R&amp;D says 3 < 5") == "R&D says 3 < 5"


def test_keeps_emoji_sequences_and_drops_direction_overrides():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert normalise(f"Great for the whole {family}!") == f"Great for the whole {family}!"
    assert normalise("pay\u200dment \u202eevil\u202c done") == "payment evil done"


def test_what_counts_as_no_content():
    for empty in ("\u200b\u200b\ufeff", " \u00ad ", "<div><br></div>", "\x00\x07"):
        assert not has_content(empty), repr(empty)
    for text in ("👎", "ok", "<p>Merci</p>"):
        assert has_content(text), text
