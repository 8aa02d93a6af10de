"""Evaluate language detection (analyzer/stages/language.py) on public sets whose language is
known, and write the "language" section of docs/evaluation.md: share of texts answered "und"
(undetermined) and share answered with a wrong language, lingua alone (the confidence threshold)
against lingua + the function-word fallback the stage uses when lingua is unsure.

    python scripts/eval_language.py [--datasets ../shared/datasets] [--rows 3000]
"""

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "scripts"]
sys.path.insert(0, str(ROOT))

from analyzer.config import AnalyzerConfig  # noqa: E402
from analyzer.relative_language import LEAD, MIN_CONFIDENCE  # noqa: E402
from analyzer.short_language_cues import MAX_WORDS, UNSURE_MAX_WORDS  # noqa: E402
from analyzer.stages.language import UNDETERMINED, LanguageStage, sample_of  # noqa: E402
from scripts import datasets as ds  # noqa: E402
from scripts.report import cpu_model, write_section  # noqa: E402


def labelled_sets(root: Path, rows: int) -> dict[str, list[tuple[str, str]]]:
    """(text, language) samples, seed 0; the mini-bar language is the set's own `lang` column
    (a few reviews are labelled fr but written in English: they count as errors here)."""
    rng = random.Random(0)

    def sample(items: list, n: int) -> list:
        return rng.sample(items, min(n, len(items)))

    return {
        "mini-bar app reviews (EN + FR)": [(r["text"], r["lang"]) for r in sample(ds.minibar(root), rows)],
        "CLINC150 queries (EN)": [(r["text"], "en") for r in sample(ds.clinc150_train(root), rows)],
        "Airline tweets (EN)": [(r["text"], "en") for r in sample(ds.airline(root), rows)],
        "Allociné reviews, first 20 words (FR)": [
            (" ".join(r["text"].split()[:20]), "fr") for r in sample(ds.allocine_train(root), rows)
        ],
    }  # fmt: skip


def rates(answers: list[str], gold: list[str]) -> tuple[float, float]:
    und = sum(a == UNDETERMINED for a in answers) / len(gold)
    wrong = sum(a not in (UNDETERMINED, g) for a, g in zip(answers, gold, strict=True)) / len(gold)
    return und, wrong


TWO = ("en", "fr")
TWO_CONFIDENCE = 0.7  # the value the README recommends for a two-language workspace
TWO_SWEEP = (0.5, 0.6, 0.7, 0.8)


def cell(rate: tuple[float, float]) -> str:
    return f"{rate[0]:.1%} / {rate[1]:.1%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=ds.DEFAULT_ROOT)
    parser.add_argument("--rows", type=int, default=3000, help="texts per set (sampled, seed 0)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "evaluation.md")
    args = parser.parse_args()
    stage = LanguageStage(AnalyzerConfig(), resources=None)
    # A workspace that declares its languages (BOUCLE_LANGUAGES); every set here is EN or FR.
    two = {mc: LanguageStage(AnalyzerConfig(languages=TWO, language_min_confidence=mc), None) for mc in TWO_SWEEP}  # fmt: skip
    lines, sweep, unsupported = [], [], []
    for name, pairs in labelled_sets(args.datasets, args.rows).items():
        texts, gold = [t for t, _ in pairs], [g for _, g in pairs]
        started = time.perf_counter()
        shipped = [stage.detect(t) for t in texts]
        ms = (time.perf_counter() - started) * 1000 / len(texts)
        alone, default = rates([stage.lingua_alone(t) for t in texts], gold), rates(shipped, gold)
        declared = {mc: rates([s.detect(t) for t in texts], gold) for mc, s in two.items()}
        cells = [cell(alone), f"**{cell(default)}**", cell(declared[TWO_CONFIDENCE])]
        lines.append(f"| {name} | {len(texts)} | {' | '.join(cells)} | {ms:.2f} |")
        sweep.append(f"| {name} | {' | '.join(cell(declared[mc]) for mc in TWO_SWEEP)} |")
        signs = sum(stage.unsupported.says_unsupported(sample_of(t)) for t in texts)
        unsupported.append(f"{name}: {signs} of {len(texts)}")
        print(lines[-1], flush=True)
    command = "python scripts/eval_language.py" + "".join(f" {a}" for a in sys.argv[1:])
    write_section(args.out, "language", f"""
## Language detection (`scripts/eval_language.py`)

Measured {date.today().isoformat()} with `{command}` ({cpu_model()}). A text of at most
{MAX_WORDS} words holding cue words of one language only (analyzer/short_language_cues.py: "pas",
"j'", "merci", "nickel"; "the", "it's", "love"; "nicht", "danke"…) is that language. Otherwise the stage asks lingua
(restricted to {", ".join(stage.function_words)}) and keeps its answer at confidence ≥
{stage.min_confidence}; below that, the cue words of one language decide up to {UNSURE_MAX_WORDS} words ("Still no
dark mode in 2026? Come on."), then the one language with at least 2 of its own function words
(spaCy stop words no other supported language has; an elided "j'", "n'", "qu'" counts as a word
of its own) and no other language with any decides; otherwise `und`. Cells: share answered `und` / share answered with a wrong language.
The last column is a workspace that declares only English and French
(`BOUCLE_LANGUAGES='["en", "fr"]'`, `BOUCLE_LANGUAGE_MIN_CONFIDENCE={TWO_CONFIDENCE}`).

| set | texts | lingua alone | lingua + function words (shipped default) | en + fr only, confidence ≥ {TWO_CONFIDENCE} | ms per text |
|---|---:|---|---|---|---:|
{chr(10).join(lines)}

Two declared languages, by minimum confidence (lingua's confidences are shared among fewer
languages, so they run higher: at 0.5 almost nothing is `und`, and errors grow):

| set | {" | ".join(f"≥ {mc}" for mc in TWO_SWEEP)} |
|---|{"---|" * len(TWO_SWEEP)}
{chr(10).join(sweep)}

{TWO_CONFIDENCE} is the value recommended for two languages (chosen on these samples: mini-bar
`und` falls by about 1.5 points against the six-language default (2 before the relative-confidence
rule below) for under half a point more errors; 0.8 gives no more errors than the default on every set, and fewer `und` on three of the
four).

The short-text cues moved only texts answered `und` or wrong before (the whole mini-bar set:
145 of 8,000 reviews, 143 to their labelled language, 2 to the language they are written in but not
labelled with: "Love it" in its French rows); on these samples they took `und` from 10.7 % to
8.9 % on mini-bar, 4.2 % to 3.8 % on CLINC150, 1.3 % to 1.2 % on tweets, errors unchanged but
mini-bar's (1.4 % to 1.5 %: "Love it", "All is good" labelled fr).

English contractions ("it's", "can't") count as cue words since they are read whole (cut at
the apostrophe as an elision, they never matched), and cue words decide texts of up to
{UNSURE_MAX_WORDS} words that lingua is unsure of: `und` fell from 8.9 % to 8.5 % on mini-bar, 3.8 % to
3.5 % on CLINC150, 1.2 % to 1.0 % on tweets and 0.5 % to 0.4 % on Allociné, errors unchanged
(1.5 %, 0.1 %, 0.0 %, 0.2 %). A review's title over its text (a short first line) is not read:
the body below it decides, the whole text when the body alone is `und`.

Where lingua is unsure and neither cue nor function words decide, the languages whose spaCy stop
words the text holds are the candidates, and lingua's favourite among them is the answer when it
is at least {MIN_CONFIDENCE} sure of it and {LEAD} times as sure as of the next candidate
(analyzer/relative_language.py; never on one word, nor with a sign of an unsupported language;
links and @handles are no words): "Filters reset on reload." (German 0.49, English 0.42; "on" is
English or French) is English, "L'export vers Excel ne marche plus." (French 0.37) French. On
every text of the public EN/FR sets (mini-bar, APIA, CLINC150, tweets, Allociné first 20 words,
NLBSE, CFPB, UCI, Banking77: 62,272), 543 answers moved from `und` to their labelled language and
22 from `und` to another (7 English reviews labelled fr in mini-bar and APIA: "Work on it",
"Simple and effective"; short commands: "roll a die" German, "i gotta set a timer" Italian;
"Super... avant le gros bugg" Italian); none moved from right to wrong. `und` fell from 8.2 % to
7.2 % on mini-bar, 10.6 % to 9.8 % on APIA, 3.0 % to 1.5 % on CLINC150, 1.3 % to 0.6 % on tweets,
2.2 % to 1.3 % on UCI, 0.7 % to 0.3 % on Banking77. The two thresholds were chosen on these sets
(all training splits; right / wrong among the moved texts: 0.25 and 1.5: 580 / 39, 0.3 and 1.5:
543 / 22, 0.3 and 2: 432 / 17, 0.35 and 1.5: 465 / 14). Of 44 one-line tickets of 2 to 8 words
written for tests/test_short_sentence_language.py before the rule (10 each EN and FR, 7 each DE,
ES, IT, PT), 40 were right before, 43 now, none wrong; of its 21 texts that must stay `und`
(unsupported languages, product names, "OK", emoji, numbers), 17 were and stay `und`, 4 are read
by lingua at 0.5 or more before this rule ("HubSpot Zendesk" German, "Dışa aktarma çalışmıyor."
Spanish). Then "è" (Italian "is") became an Italian cue word and Hungarian "az" an unsupported
sign: 44 of 44 tickets and 18 of 21 `und` texts ("La dashboard è vuota.", "Az exportálás nem
működik."), no public answer moved. In the en + fr workspace at 0.7 the rule took mini-bar `und` from 6.9 % to 6.0 % and
its errors from 1.8 % to 2.0 %. It costs about 0.02 ms on a text that reaches it (lingua's
confidences are the ones already computed; 1,950 texts, against 0.19 ms for lingua itself).

Boilerplate sentences (analyzer/boilerplate.py: "N'hésitez pas à me contacter si besoin") are
not read when the rest says something. Languages we do not support are not weighed by lingua
(eleven more European ones took 320 MB more and 3.3 s more CPU to start the analyzer). Instead,
before any cue word, a text with at least 2 signs of another language, and no fewer than the
stop words of the supported language with most in it, is `und` (analyzer/unsupported_language_cues.py:
a few frequent words each of Dutch, Polish, Swedish, Danish, Norwegian, Turkish, Czech,
Romanian, Catalan, Hungarian, Finnish that no supported language writes, and lower-case words no
single supported alphabet spells: "się", "långsam", "çöküyor"). "De rapportenpagina is erg
traag." was English by its "is", "Ik kan niet inloggen met mijn wachtwoord." German at 0.91.
Texts these signs made `und` in these samples: {"; ".join(unsupported)}.
Measured when they were added (2026-12-07): of 48 texts written for
tests/test_unsupported_languages.py before the rule (Dutch 12, Polish 11, Swedish, Danish,
Turkish 5 each, Norwegian, Czech, Romanian 2 each, 4 thank-yous), 17 were `und` before (lingua
unsure), 48 now; 14 supported-language texts beside them (short EN/FR, Dutch or Polish names in
English, a Dutch sentence before English ones) kept their answers (2 wrong before and after:
Polish and Danish names make an English text German, "Merci beaucoup !" after an English
request French). On every text of the public EN/FR sets (mini-bar, APIA, CLINC150, tweets,
Allociné, NLBSE, CFPB, UCI, Banking77: 62,272) the signs held on 2 NLBSE issues with Chinese
titles, whose English body decides: no answer moved. Building them takes 0.3 ms and 37 KiB, no
lingua model more (`Analyzer()` and one text: 7.4 s CPU and 404 MB against 7.6 s and 399 MB
before, medians of 7 runs each, within noise); reading a text about 0.02 ms (the stage with and
without them on 1,500 mini-bar reviews: 0.358 → 0.375 ms). A text of one or two words is `und`
only when every word is a sign ("Bedankt!"; "Dank je wel!" still reads French).

Where lingua is sure of a language none of whose stop words the text writes, the function words
of one other language decide (the stage's `outvoted_by_function_words`; links are no words): "Le
dashboard ne load plus depuis le dernier release, super frustrant" read English 0.56 and is
French by its "ne", "plus", "depuis". A short ticket of product words is read by the few words of
its own it holds: German "kaputt", "vom", "zum", "beim", and "im" before a capitalised noun ("Bug
im Export", "Export kaputt!!!" were `und`), Spanish "el" before a lower-case word ("No funciona
el login" read Portuguese 0.51; not "El Paso"). Measured when added (2026-12-07): on every text of
the public EN/FR sets (62,272) 11 answers moved, 10 from a wrong language to their labelled one
(French reviews read English, "Impossible le brassrlet ne se connecte pas au telephone", twice:
in mini-bar and APIA; tweets and issues read German, "@AmericanAir Here is the photo ;)"), 1
from `und` to Spanish ("will i need to use a plug converter in el salvador"), none from right
to wrong; of 18 texts written for tests/test_language_product_words.py before the rules, 11
were wrong or `und` and 0 are now.

Where lingua hesitates between languages (each it gives at least 0.1) and neither cue nor
function words decide, a stop word only one of those languages writes does, on a text of 3 words
or more when lingua gives that language at least 0.3 (the stage's
`by_function_words_among_leaders`): "Sigo sin poder exportar." (Portuguese 0.35, Spanish 0.35;
Portuguese writes "sem", French's "sans" kept "sin" from counting among all six) and "Nos han
cobrado un cargo que nunca autorizamos." were `und`, and are Spanish. A short text's cue word
no longer decides beside another language's own function word when lingua is at least 0.9 sure
of that language ("Die Produktion steht still.": English "still", German "die" at 0.99, was
English). Measured when added (2026-12-07) on the samples above: 7 answers moved, all from `und`
or a wrong language to their labelled one, none from right to wrong nor from `und` to wrong
(`und` 7.5 → 7.4 % mini-bar, 1.9 → 1.8 % CLINC150, 0.3 → 0.2 % tweets; errors unchanged). The
public sets hold no German, Spanish, Italian or Portuguese text: tests/test_language.py holds the
tickets that were `und` or wrong. Still `und`: "La app no abre.", "No funciona nada.", "Me sale
un error." (only words Italian, Portuguese or French write too); still Portuguese: "Estamos
mirando alternativas." (Portuguese 0.61; taking it Spanish by its one Spanish stop word turned
two English queries French).

The function-word rule was chosen on these samples (all from training splits): with 1 own function word
instead of 2, mini-bar `und` fell to 7.3 % but its errors rose to 3.1 %.
Most remaining `und` are one- to three-word texts ("Super", "ok", "Top", "Cool") that are
honestly ambiguous between these languages; most mini-bar "errors" are English reviews in its
French rows.
""")  # fmt: skip


if __name__ == "__main__":
    main()
