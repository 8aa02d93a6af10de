"""Measure a change to one analyzer rule on the public sets, as models/README.md asks of every
rule: how many spans the rule reads differently than at an earlier commit, what they say, and
which answers that moves, right → wrong and wrong → right against each set's gold.

    python scripts/measure_rule.py wishes [--before HEAD] [--datasets ../shared/datasets]
    python scripts/measure_rule.py churn | ends_other | failures | grievance | no_problem | requirements
    python scripts/measure_rule.py pleas | sarcasm | failure_praise | tenure | purchases | acclaim
    python scripts/measure_rule.py needs_gone | exposures
    python scripts/measure_rule.py names [--sample 20]
    python scripts/measure_rule.py note_actions | boilerplate | reference_lines [--since HEAD]
    python scripts/measure_rule.py grievance_reading | wish_reading
    python scripts/measure_rule.py intent_reading | calm_reading | wish_intents | failure_intents [--before HEAD]
    python scripts/measure_rule.py contact_intents | contact_sentiment [--before HEAD]
    python scripts/measure_rule.py threat_reading [--before HEAD]
    python scripts/measure_rule.py disclaimers | inline_sign_off | sign_off | signature_block [--before HEAD]
    python scripts/measure_rule.py urgency [--before HEAD]
    python scripts/measure_rule.py segmentation [--before HEAD] [--sample 20]

`wishes`, `churn`, `ends_other` (closing something else), `failures` and `pleas` are flags of the negation stage: each insight is read by the rule as it is
now and as it was at `--before` (the module loaded from git), and the messages where the two
differ are run through the remaining stages both ways (a rule absent at `--before` read every
span as the flag's default); `no_problem` is the negation stage's says_no_problem with its
"it works" statements, problems told over and hedged dislikes (analyzer/works.py,
problems_over.py). `grievance_reading` is a stage's reading of flagged spans: the messages
holding a grievance are run through the sentiment stage as it is now and as it was at
`--before` (`calm_reading`: the messages saying they are not urgent, through the intent
stage; `wish_intents`: the messages holding a wish or a span about invoices, through the intent
stage; `failure_intents`: the messages holding a failure statement or a data exposure, through the
intent stage; `contact_intents`, `contact_sentiment`: the messages holding a span of contact
details only, through the intent or the sentiment stage). `failure_praise` reads the `mocks` flag with the other rules that set it ("Thanks
for nothing", a bare "Great," then a harm) as they are now, so only praise of a failure counts. `note_actions`, `boilerplate` and `reference_lines` drop
spans in segmentation: the spans that the rule drops are counted, and the messages holding one
are analysed with and without it (`--since REV`: with the rule as it was at REV instead, so only
what a change drops differently is counted). `disclaimers`, `inline_sign_off`, `sign_off` (a closing line and its signature) and
`signature_block` (a signature without closing words) cut text in normalisation:
the messages whose normalised text the rule as it is now and as it was at `--before` cut
differently (a rule absent there cut nothing) are printed with what each cut, and analysed both
ways. `urgency`: no set labels urgency, so the messages whose cues (analyzer/urgency_cues.py) at
`--before` and now differ, that a follow-up fix settles in part or that say they are not urgent, are analysed, and those
whose level moved are printed, before → after, to be read. `segmentation`: the segment stage and the rule modules it reads (headings,
boilerplate) as now and as at `--before`, compared on every message (scripts/measure_segmentation.py).
Only the messages the rule touches are analysed twice.
`names` is the person-name rules (analyzer/names.py redact_names), which move no answer: each
raw text (AlloCiné's reviews too) is redacted as now and as at `--before`, timed both ways (the
rules run on the tag path), and every span that differs is printed, then `--sample` of them drawn
at random to read."""

import argparse
import copy
import importlib
import os
import random
import subprocess
import sys
import time
import types
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "scripts"]
sys.path.insert(0, str(ROOT))

from analyzer import Analyzer, AnalyzerConfig  # noqa: E402
from analyzer.analysis import Analysis, Insight  # noqa: E402
from analyzer.contact_lines import only_contact_details  # noqa: E402
from analyzer.inverted_marks import asks_how_to  # noqa: E402
from analyzer.price_mentions import names_only_invoices  # noqa: E402
from analyzer.stages import normalise, segment  # noqa: E402
from analyzer.urgency_cues import says_not_urgent  # noqa: E402
from scripts import datasets as ds  # noqa: E402
from scripts.measure_segmentation import measure_segmentation  # noqa: E402
from scripts.train_heads import CLINC_OTHER_DOMAINS  # noqa: E402


@dataclass
class Message:
    text: str
    gold: dict[str, bool]  # intent label -> whether the set says the message has it
    sentiment: str | None = None  # the set's polarity (app reviews: from the stars), if any


def stars(row: dict) -> str:
    """App reviews' polarity: 1-2 stars negative, 3 neutral, 4-5 positive (eval_negation.py)."""
    score = int(row["score"])
    return "negative" if score <= 2 else "positive" if score >= 4 else "neutral"


def public_sets(root: Path) -> dict[str, list[Message]]:
    """Each public set with the intents it labels (app reviews: bug and feature labels)."""
    return {
        "mini-bar (EN+FR)": [
            Message(r["text"], {"bug_report": r["problem_report"] == "1",
                                "feature_request": r["feature_request"] == "1"}, stars(r))
            for r in ds.minibar(root)
        ],
        "APIA (FR)": [
            Message(r["text"], {"bug_report": r["bug_report"] == "1",
                                "feature_request": r["feature_request"] == "1"}, stars(r))
            for r in ds.apia2022(root)
        ],
        "NLBSE train (EN)": [
            Message(f"{r['title']}\n{r['body'][:600]}",
                    {"bug_report": r["label"] == "bug", "feature_request": r["label"] == "feature"})
            for r in ds.nlbse_train(root)
        ],
        "airline tweets (EN)": [Message(r["text"], {}, r["label"]) for r in ds.airline(root)],
        "CFPB (EN)": [Message(r["text"][:1500], {}) for r in ds.cfpb(root)],
        "UCI (EN)": [Message(r["text"], {}, r["label"]) for r in ds.uci(root)],
        # churn_risk gold as the heads learn it (scripts/train_heads.py): Banking77's
        # terminate_account; CLINC's small-talk, out-of-scope and everyday domains are no churn
        "Banking77 train (EN)": [
            Message(r["text"], {"churn_risk": r["label"] == "terminate_account"})
            for r in ds.banking77_train(root)
        ],
        "CLINC150 train (EN)": [
            Message(r["text"], {"churn_risk": False} if r["domain"] in CLINC_OTHER_DOMAINS else {})
            for r in ds.clinc150_train(root)
        ],
    }  # fmt: skip


def module_at(revision: str, name: str) -> types.ModuleType:
    """The module `name` ("analyzer.wishes") as it was at `revision`."""
    path = name.replace(".", "/") + ".py"
    source = subprocess.run(
        ["git", "show", f"{revision}:{path}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    module = types.ModuleType(f"{name}_at_{revision}")
    exec(compile(source, path, "exec"), module.__dict__)  # noqa: S102 - our own code at a commit
    return module


FLAGS: dict[str, tuple[str, str, str]] = {
    # rule: (insight flag, module, function)
    "wishes": ("wishes", "analyzer.wishes", "wishes"),
    "churn": ("threatens", "analyzer.churn", "threatens_to_leave"),
    "grievance": ("grievance", "analyzer.grievance", "grievance"),
    # says_no_problem with its "it works" statements and problems told over (analyzer/works.py,
    # problems_over.py)
    "no_problem": ("says_no_problem", "analyzer.negation", "says_no_problem"),
    "requirements": ("requires", "analyzer.requirements", "states_a_requirement"),
    "ends_other": ("ends_other", "analyzer.churn", "ends_something_else"),
    "failures": ("fails", "analyzer.failures", "states_a_failure"),
    "pleas": ("pleads", "analyzer.pleas", "pleads"),
    # sarcastic praise; the flag also holds "Thanks for nothing" and ironic closings
    "sarcasm": ("mocks", "analyzer.sarcasm", "praises_in_irony"),
    # praise of a failure that came or stays ("Love how it takes 30 seconds to open", "Ticket
    # still not fixed, great job...")
    "failure_praise": ("mocks", "analyzer.sarcasm", "praises_a_failure"),
    "tenure": ("tells_tenure", "analyzer.tenure", "tells_tenure"),
    "purchases": ("tells_purchase", "analyzer.purchases", "tells_a_purchase"),
    "needs_gone": ("needs_no_more", "analyzer.needs_gone", "needs_no_more"),
    "acclaim": ("acclaims", "analyzer.acclaim", "acclaims"),
    # someone else sees private records (analyzer/exposures.py): a bug report, negative
    "exposures": ("exposes", "analyzer.exposures", "reports_an_exposure"),
}

STAGES: dict[str, tuple[str, str, Callable[[Insight], bool]]] = {
    # rule: (stage module, stage class, the insights whose reading the rule changes)
    "grievance_reading": (
        "analyzer.stages.sentiment",
        "SentimentStage",
        lambda insight: bool(insight.grievance),
    ),
    # a wish's sentiment: a positive reading stated, not praised (neutral)
    "wish_reading": (
        "analyzer.stages.sentiment",
        "SentimentStage",
        lambda insight: insight.wishes,
    ),
    # the sentiment stage's reading of a threat: a closing verdict, a move to a named provider
    "threat_reading": (
        "analyzer.stages.sentiment",
        "SentimentStage",
        lambda insight: insight.threatens,
    ),
    # the intent stage's reading of a failure statement or a data exposure (bug_report raised,
    # churn_risk capped unless the span threatens)
    "failure_intents": (
        "analyzer.stages.intent",
        "IntentStage",
        lambda insight: insight.fails or insight.exposes,
    ),
    # the intent stage's reading of a message that says it is not urgent: the complaint heard
    # beside a bug report goes
    "calm_reading": (
        "analyzer.stages.intent",
        "IntentStage",
        lambda insight: says_not_urgent(insight.text),
    ),
    # the intent stage's reading of a wish (churn, bug and complaint capped when it names no
    # problem; pricing when it names no price) and of a question about invoices (pricing capped)
    "wish_intents": (
        "analyzer.stages.intent",
        "IntentStage",
        lambda insight: insight.wishes or names_only_invoices(insight.text),
    ),
    # a span of contact details only ("Meine Email: [EMAIL], Tel. [PHONE]"): context, as tenure
    "contact_intents": (
        "analyzer.stages.intent",
        "IntentStage",
        lambda insight: only_contact_details(insight.text),
    ),
    "contact_sentiment": (
        "analyzer.stages.sentiment",
        "SentimentStage",
        lambda insight: only_contact_details(insight.text),
    ),
    # the intent stage's floors: complaint for a grievance or sarcasm, praise for thanks; a
    # threat's "other" dropped; a how-to question's feature request capped
    "intent_reading": (
        "analyzer.stages.intent",
        "IntentStage",
        lambda insight: (
            bool(insight.grievance)
            or insight.mocks
            or insight.thanks
            or insight.threatens
            or asks_how_to(insight.text)
        ),
    ),
}


CUTS: dict[str, tuple[str, str, Callable]] = {
    # rule: (module, function, what it does to a text when absent at --before)
    "disclaimers": ("analyzer.disclaimers", "cut_disclaimer", lambda text: text),
    "inline_sign_off": ("analyzer.signatures", "cut_inline_sign_off", lambda text: (text, None)),
    "sign_off": ("analyzer.signatures", "cut_sign_off", lambda text: text),
    "signature_block": ("analyzer.signatures", "signature_block", lambda text: (text, None)),
}


def _drops() -> dict[str, Callable[[str], bool]]:
    from analyzer.boilerplate import is_boilerplate
    from analyzer.note_actions import is_note_action
    from analyzer.reference_lines import is_reference_line

    return {
        "note_actions": is_note_action,
        "boilerplate": is_boilerplate,
        "reference_lines": is_reference_line,
    }


def run_rest(analyzer: Analyzer, batch: list[Analysis], after: str) -> None:
    names = analyzer.stage_names
    for stage in analyzer.stages[names.index(after) + 1 :]:
        stage(batch)


def intents_of(analysis: Analysis) -> set[str]:
    return {intent.label for intent in analysis.intents}


def compare(messages: list[Message], before: list[Analysis], after: list[Analysis]) -> None:
    """Per gold label, the answers that moved, right → wrong and wrong → right; first, every
    intent each way (gold or not)."""
    compare_sentiment(messages, before, after)
    gained, lost = Counter(), Counter()
    for m, b, a in zip(messages, before, after, strict=True):
        gained.update(intents_of(a) - intents_of(b))
        lost.update(intents_of(b) - intents_of(a))
        ungolded = (intents_of(a) ^ intents_of(b)) - m.gold.keys()
        if ungolded:
            print(
                f"    no gold, {sorted(intents_of(b))} → {sorted(intents_of(a))}: {m.text[:140]!r}"
            )
    print(f"  intents gained {dict(gained)}, lost {dict(lost)}")
    labels = sorted({label for m in messages for label in m.gold})
    for label in labels:
        moved = [
            (m, label in intents_of(b), label in intents_of(a))
            for m, b, a in zip(messages, before, after, strict=True)
            if label in m.gold and (label in intents_of(b)) != (label in intents_of(a))
        ]
        right_to_wrong = sum(b == m.gold[label] for m, b, _ in moved)
        print(
            f"  {label}: {len(moved)} answers changed, right → wrong {right_to_wrong}, "
            f"wrong → right {len(moved) - right_to_wrong}"
        )
        for m, b, a in moved:
            print(f"    gold {m.gold[label]}, {b} → {a}: {m.text[:140]!r}")


def compare_sentiment(
    messages: list[Message], before: list[Analysis], after: list[Analysis]
) -> None:
    """Where the set has polarity gold: the messages whose sentiment label moved."""
    moved = [
        (m, b.sentiment.label, a.sentiment.label)
        for m, b, a in zip(messages, before, after, strict=True)
        if m.sentiment is not None and b.sentiment.label != a.sentiment.label
    ]
    if not any(m.sentiment is not None for m in messages):
        return
    right_to_wrong = sum(b == m.sentiment for m, b, _ in moved)
    wrong_to_right = sum(a == m.sentiment for m, _, a in moved)
    print(
        f"  sentiment: {len(moved)} answers changed, right → wrong {right_to_wrong}, "
        f"wrong → right {wrong_to_right}, wrong → wrong {len(moved) - right_to_wrong - wrong_to_right}"
    )
    for m, b, a in moved:
        print(f"    gold {m.sentiment}, {b} → {a}: {m.text[:140]!r}")


def touched(
    analyzer: Analyzer, name: str, messages: list[Message], until: str, marks, what: str
) -> list[Message]:
    """The messages with an insight that `marks` (Insight -> bool) after the stage `until`,
    each such insight printed, and their count."""
    found, spans = [], 0
    for start in range(0, len(messages), 256):
        chunk = messages[start : start + 256]
        batch = analyzer.analyze_batch([m.text for m in chunk], until=until)
        for message, analysis in zip(chunk, batch, strict=True):
            marked = [insight.text for insight in analysis.insights if marks(insight)]
            for text in marked:
                print(f"  [{name}] {what}: {text[:140]!r}")
            spans += len(marked)
            if marked:
                found.append(message)
    print(f"{name}: {len(messages)} messages, {spans} spans {what}")
    return found


# The rule modules a flag's function reads, loaded as they were at `--before` too: the old
# says_no_problem read today's problems_over.py, and a change there measured nothing.
FLAG_RULE_MODULES: dict[str, tuple[str, ...]] = {
    "no_problem": ("analyzer.works", "analyzer.problems_over"),
}


# The other rules that set the same flag, read as they are now beside the old rule: without them
# every "Thanks for nothing" would count as read differently by the rule measured.
FLAG_ALONGSIDE: dict[str, tuple[tuple[str, str], ...]] = {
    "failure_praise": (
        ("analyzer.negation", "mocks_thanks"),
        ("analyzer.sarcasm", "praises_in_irony"),
    ),
}


def flag_rule_at(revision: str, module: str, rule: str) -> types.ModuleType:
    """The flag's module as at `revision`, reading its rule modules as they were there too."""
    kept = {name: sys.modules[name] for name in FLAG_RULE_MODULES.get(rule, ())}
    try:
        sys.modules.update({name: module_at(revision, name) for name in kept})
        return module_at(revision, module)
    finally:
        sys.modules.update(kept)


def measure_flag(rule: str, sets: dict[str, list[Message]], revision: str) -> None:
    flag, module, function = FLAGS[rule]
    try:
        old = getattr(flag_rule_at(revision, module, rule), function)
    except (subprocess.CalledProcessError, AttributeError):  # no such rule then: the default
        default = Insight.__dataclass_fields__[flag].default
        old = lambda text: default  # noqa: E731
    alongside = [
        getattr(importlib.import_module(name), function)
        for name, function in FLAG_ALONGSIDE.get(rule, ())
    ]
    if alongside:
        rule_alone = old
        old = lambda text: rule_alone(text) or any(f(text) for f in alongside)  # noqa: E731
    analyzer = Analyzer(AnalyzerConfig())
    for name, messages in sets.items():
        differs = lambda insight: getattr(insight, flag) != old(insight.text)  # noqa: E731
        found = touched(analyzer, name, messages, "negation", differs, f"read differently ({flag})")
        if not found:
            continue
        after = analyzer.analyze_batch([m.text for m in found], until="negation")
        before = analyzer.analyze_batch([m.text for m in found], until="negation")
        for analysis in before:
            for insight in analysis.insights:
                setattr(insight, flag, old(insight.text))
        run_rest(analyzer, after, "negation")
        run_rest(analyzer, before, "negation")
        compare(found, before, after)


DROP_MODULES = {"note_actions": ("analyzer.note_actions", "is_note_action"),
                 "boilerplate": ("analyzer.boilerplate", "is_boilerplate"),
                 "reference_lines": ("analyzer.reference_lines", "is_reference_line")}  # fmt: skip


def measure_drop(rule: str, sets: dict[str, list[Message]], since: str | None = None) -> None:
    """Without `since`: the rule against no rule. With it: against the rule as it was at that
    commit, so only what a change drops more (or less) is counted."""
    check = _drops()[rule]
    old = None
    if since is not None:
        module, function = DROP_MODULES[rule]
        old = getattr(module_at(since, module), function)
    analyzer = Analyzer(AnalyzerConfig())
    now = segment._SAYS_NOTHING
    for name, messages in sets.items():
        others = tuple(c for c in now if c is not check)
        segment._SAYS_NOTHING = others if old is None else (*others, old)
        differs = (
            (lambda i: check(i.text)) if old is None else (lambda i: check(i.text) != old(i.text))
        )
        found = touched(analyzer, name, messages, "segment", differs, "dropped")
        if found:
            before = analyzer.analyze_batch([m.text for m in found])
            segment._SAYS_NOTHING = now
            after = analyzer.analyze_batch([m.text for m in found])
            compare(found, before, after)
    segment._SAYS_NOTHING = now


def measure_stage(rule: str, sets: dict[str, list[Message]], revision: str) -> None:
    """A stage's reading of flagged insights changed: the messages holding one are analysed by
    the stage as it is now and as it was at `revision`."""
    module, stage_class, marks = STAGES[rule]
    analyzer = Analyzer(AnalyzerConfig())
    old = getattr(module_at(revision, module), stage_class)(analyzer.config, analyzer.resources)
    position = analyzer.stage_names.index(old.name)
    now = analyzer.stages[position]
    for name, messages in sets.items():
        found = touched(analyzer, name, messages, "negation", marks, "flagged")
        if not found:
            continue
        after = analyzer.analyze_batch([m.text for m in found])
        analyzer.stages[position] = old
        try:
            before = analyzer.analyze_batch([m.text for m in found])
        finally:
            analyzer.stages[position] = now
        compare(found, before, after)


def changed_span(before: str, after: str, context: int = 30) -> str:
    """Where two redactions of a text differ, with some words around: "… of Sam Adams draft" →
    "… of [NAME] draft"."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    left = max(0, start - context)
    return (
        f"{before[left : len(before) - end + context]!r} → "
        f"{after[left : len(after) - end + context]!r}"
    )


def measure_names(sets: dict[str, list[Message]], revision: str, root: Path, sample: int) -> None:
    from analyzer.names import redact_names

    old = module_at(revision, "analyzer.names").redact_names
    sets = {
        **sets,
        "AlloCiné train (FR)": [Message(r["text"], {}) for r in ds.allocine_train(root)],
    }
    changes: list[tuple[str, str]] = []
    seconds = {"before": 0.0, "now": 0.0}  # the rules sit on the tag path: their cost is news too
    for name, messages in sets.items():
        changed = 0
        for message in messages:
            began = time.perf_counter()
            before = old(message.text)[0]
            middle = time.perf_counter()
            after = redact_names(message.text)[0]
            seconds["before"] += middle - began
            seconds["now"] += time.perf_counter() - middle
            if before != after:
                changed += 1
                changes.append((name, changed_span(before, after)))
                print(f"  [{name}] {changes[-1][1]}")
        print(f"{name}: {changed} of {len(messages)} texts redacted differently")
    texts = sum(len(messages) for messages in sets.values())
    print(
        f"redact_names: {seconds['before'] / texts * 1e6:.1f} µs a text at {revision}, "
        f"{seconds['now'] / texts * 1e6:.1f} µs now ({texts} texts)"
    )
    for name, span in random.Random(0).sample(changes, min(sample, len(changes))):
        print(f"  sample [{name}] {span}")


def measure_cut(rule: str, sets: dict[str, list[Message]], revision: str) -> None:
    """A normalisation cut changed: the messages it cuts differently, analysed both ways (the
    normalise stage reads the function from its own module, where it is swapped)."""
    module, function, absent = CUTS[rule]
    now = getattr(normalise, function)
    try:
        old = getattr(module_at(revision, module), function)
    except (subprocess.CalledProcessError, AttributeError):  # no such rule then: it cut nothing
        old = absent
    analyzer = Analyzer(AnalyzerConfig())

    def normalised(text: str, cut: Callable) -> str:
        setattr(normalise, function, cut)
        try:
            return normalise.normalise(text)
        finally:
            setattr(normalise, function, now)

    for name, messages in sets.items():
        found = []
        for m in messages:
            before, after = normalised(m.text, old), normalised(m.text, now)
            if before != after:
                found.append(m)
                print(f"  [{name}] cut {before[len(os.path.commonprefix([before, after])) :][:140]!r}"
                      f" → {after[len(os.path.commonprefix([before, after])) :][:140]!r}")  # fmt: skip
        print(f"{name}: {len(messages)} messages, {len(found)} cut differently")
        if not found:
            continue
        setattr(normalise, function, old)
        try:
            before = analyzer.analyze_batch([m.text for m in found])
        finally:
            setattr(normalise, function, now)
        after = analyzer.analyze_batch([m.text for m in found])
        compare(found, before, after)


# The modules analyzer/urgency_cues.py reads its churn and wait groups and its fixed failures from.
URGENCY_CUE_MODULES = ("analyzer.churn", "analyzer.settled_failures", "analyzer.grievance")


def measure_urgency(sets: dict[str, list[Message]], revision: str) -> None:
    """The urgency stage with its cues as they were at `revision` and as they are now, on the
    messages whose whole text the two cue sets read differently."""
    from analyzer import urgency_cues
    from analyzer.settled_failures import settled_until

    analyzer = Analyzer(AnalyzerConfig())
    # the old cues read the churn cues and the failures told fixed as they were then too
    read_by_cues = {name: sys.modules[name] for name in URGENCY_CUE_MODULES}
    sys.modules.update({name: module_at(revision, name) for name in URGENCY_CUE_MODULES})
    try:
        old_cues = module_at(revision, "analyzer.urgency_cues")
    finally:
        sys.modules.update(read_by_cues)
    sys.modules["analyzer.urgency_cues"] = old_cues  # the old stage imports the old cues
    try:
        old_module = module_at(revision, "analyzer.stages.urgency")
    finally:
        sys.modules["analyzer.urgency_cues"] = urgency_cues
    old = old_module.UrgencyStage(analyzer.config, analyzer.resources)
    for name, messages in sets.items():
        # a follow-up fix settles the insights before it, which the whole text's cues miss
        found = [
            m
            for m in messages
            if old_cues.matched_cues(m.text) != urgency_cues.matched_cues(m.text)
            or settled_until(m.text.lower())
            or urgency_cues.says_not_urgent(m.text)  # the stage caps a "not urgent"
        ]
        after = analyzer.analyze_batch([m.text for m in found]) if found else []
        before = copy.deepcopy(after)
        old(before)
        moved = Counter()
        for m, b, a in zip(found, before, after, strict=True):
            if b.urgency.level != a.urgency.level:
                moved[f"{b.urgency.level} → {a.urgency.level}"] += 1
                print(f"    {b.urgency.level} {b.urgency.score} → {a.urgency.level} "
                      f"{a.urgency.score}: {m.text[:140]!r}")  # fmt: skip
        print(f"{name}: {len(messages)} messages, cues differ or a follow-up settles in {len(found)}, "
              f"levels moved {sum(moved.values())} {dict(moved)}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "rule",
        choices=[
            *FLAGS,
            *STAGES,
            *CUTS,
            "note_actions",
            "boilerplate",
            "reference_lines",
            "urgency",
            "names",
            "segmentation",
        ],
    )
    parser.add_argument("--before", default="HEAD", help="the commit the rule is compared with")
    parser.add_argument("--datasets", type=Path, default=ds.DEFAULT_ROOT)
    parser.add_argument(
        "--sample",
        type=int,
        default=20,
        help="names: changes drawn to read; segmentation: changes printed per set",
    )
    parser.add_argument(
        "--since",
        help="note_actions, boilerplate, reference_lines: compare with the rule at this commit, not without it",
    )
    args = parser.parse_args()
    sets = public_sets(args.datasets)
    if args.rule == "names":
        measure_names(sets, args.before, args.datasets, args.sample)
    elif args.rule in FLAGS:
        measure_flag(args.rule, sets, args.before)
    elif args.rule in STAGES:
        measure_stage(args.rule, sets, args.before)
    elif args.rule in CUTS:
        measure_cut(args.rule, sets, args.before)
    elif args.rule == "urgency":
        measure_urgency(sets, args.before)
    elif args.rule == "segmentation":
        measure_segmentation(sets, args.before, args.sample, module_at, compare)
    else:
        measure_drop(args.rule, sets, args.since)


if __name__ == "__main__":
    main()
