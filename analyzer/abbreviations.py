"""Common abbreviations of each supported language, whose period the sentencizer read as a
sentence's end: "Der Export dauert ca. 5 Min. und bricht dann ab." was cut into "… 5 Min." and
"und bricht dann ab.", "A exportação, p.ex. das faturas, demora aprox. 5 min. e depois bloqueia."
into three. All languages' lists are read on every line: a short line's language is often
undetermined, and none of these is a word that ends a sentence in another language."""

import re

# Abbreviations written before what they refer to ("z.B. Rechnungen", "e.g. invoices", "ca. 5"):
# their period ends no sentence whatever follows on the line, a capitalised German noun included.
# A space may follow an inner period ("p. ex.", "z. B.").
LEADING: dict[str, str] = {
    "en": "e.g. i.e. approx. incl. esp. vs. cf.",
    "fr": "p.ex. env. cf. c.-à-d.",
    "de": "z.B. bzw. ca. d.h. u.a. vgl. inkl. ggf. evtl. z.T.",
    "es": "p.ej. aprox. approx.",
    "it": "p.es. ca. cfr. ad.es.",
    "pt": "p.ex. aprox.",
}
# Abbreviations that may end a sentence ("… dauert 5 Min. Danach …", "… etc. Then …"): their
# period ends none when the next word is in lower case or a number ("5 Min. und bricht ab"). "ex."
# and "ej." too: "la boxe par ex. Vive le sport!!!" ends there.
TRAILING: dict[str, str] = {
    "en": "min. mins. sec. secs. hrs. etc.",
    "fr": "min. sec. etc.",
    "de": "Min. Sek. Std. usw. etc.",
    "es": "min. seg. etc. ej.",
    "it": "min. sec. ecc. etc.",
    "pt": "min. seg. etc. ex.",
}


def _alternation(*lists: str) -> str:
    """The abbreviations as one regex alternation, as written or capitalised (opening a sentence:
    "Ca. 5 Min."), never in capitals ("XXXX, CA. As a veteran": California), longest first, an
    inner period allowing a space after it, the last period captured."""
    written = {w for spelled in lists for w in spelled.split()}
    words = sorted(written | {w[0].upper() + w[1:] for w in written}, key=len, reverse=True)
    bodies = [re.escape(w[:-1]).replace(r"\.", r"\.\s?") for w in words]
    return rf"(?<![^\W\d_])(?:{'|'.join(bodies)})(\.)"


# ...before a word or a number ("( approx. ) When I began" still ends at the bracket).
_LEADING_PERIOD = re.compile(_alternation(*LEADING.values()) + r"(?=[ \t]+\w)")
# A lower-case letter (a letter, not a capital) or a digit.
_CONTINUED_PERIOD = re.compile(
    _alternation(*TRAILING.values()) + r"(?=[ \t]+(?:[^\W\d_A-ZÀ-ÖØ-Þ]|\d))"
)


def abbreviation_ends_masked(line: str) -> str:
    """The line with each abbreviation's final period read as a comma (same length, so that
    offsets hold) by the sentencizer, where it ends no sentence."""
    if "." not in line:
        return line
    line = _LEADING_PERIOD.sub(lambda m: m.group()[:-1] + ",", line)
    return _CONTINUED_PERIOD.sub(lambda m: m.group()[:-1] + ",", line)
