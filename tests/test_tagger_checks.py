"""What a tagger's training says before and after it fits: a bad file refused before the models
load, and a warning when its cross-validated figures say it learnt little."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from api.taggers.examples import low_score_warning, threshold_warning
from api.taggers.service import Taggers
from api.taggers.store import TaggerStore

# the same two texts under both labels: nothing to learn (cross-validated accuracy 0.25)
CONTRADICTORY = [
    {"text": "The app is slow", "label": "billing"},
    {"text": "The app is slow", "label": "login"},
    {"text": "Where is my invoice?", "label": "billing"},
    {"text": "Where is my invoice?", "label": "login"},
]


def models_never_load() -> None:
    raise AssertionError("the models loaded before the file was checked")


@pytest.mark.parametrize(
    ("rows", "options", "words"),
    [
        ("txt,lab\nhello,a\n", [], "missing column(s) label, text"),
        ("text,label\nhello,a\nhi,a\n", [], "at least 2 labels"),
        ("text,label\nhello,a\nhi,a\nbye,b\n", [], "too few for: 'b'"),
        ("text,label\nhello,a\n ,b\n", [], "line 3: empty text"),
        # a repeat (case and spacing aside) is learnt once: one example of b
        ("text,label\nhello,a\nhi,a\nbye,b\nBye ,b\n", [], "too few for: 'b'"),
        ("text,label\nhello,a\nhi,a\nbye,b\nciao,b\n", ["--unknown-label", "oos"],
         "unknown_label 'oos' is on none"),
        ("text,label\nt1,u;a\nt2,u;b\nt3,u;a\nt4,u;b\n", ["--multi-label"],
         "add some for: 'u'"),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_before_the_models_load(tmp_path, boucle, monkeypatch, rows,
                                                       options, words):  # fmt: skip
    """Its labels were checked once the models had loaded: tens of seconds before a word."""
    monkeypatch.setattr("api.cli.open_taggers", models_never_load)
    examples = tmp_path / "examples.csv"
    examples.write_text(rows)
    done = boucle("taggers", "train", "queues", str(examples), *options,
                  env={"BOUCLE_DATA_DIR": str(tmp_path / "data")})  # fmt: skip
    assert done.returncode == 2, done.stderr[-2000:]
    assert words in done.stderr and "Traceback" not in done.stderr, done.stderr[-2000:]


ONE_LABEL = """
import sys
from api.cli import main
code = main(["taggers", "train", "queues", sys.argv[1]])
print(code, [name for name in ("sklearn", "api.taggers.service") if name in sys.modules])
"""


def test_a_bad_file_is_refused_without_importing_the_training(tmp_path) -> None:
    """Importing the training (scikit-learn) alone took seconds before the file was read."""
    examples = tmp_path / "examples.csv"
    examples.write_text("text,label\nhello,a\nhi,a\n")
    done = subprocess.run([sys.executable, "-c", ONE_LABEL, str(examples)], capture_output=True,
                          text=True, env={**os.environ, "BOUCLE_DATA_DIR": str(tmp_path)},
                          timeout=120)  # fmt: skip
    assert "at least 2 labels" in done.stderr, done.stderr[-2000:]
    assert done.stdout.splitlines()[-1] == "2 []", done.stdout + done.stderr[-2000:]


def meta(accuracy: float, counts: dict[str, int], multi_label: bool = False) -> dict:
    figure = "macro_f1" if multi_label else "accuracy"
    return {"multi_label": multi_label, "counts": counts, "metrics": {figure: accuracy}}


@pytest.mark.parametrize(
    ("accuracy", "counts", "multi_label", "words"),
    [
        (0.25, {"a": 2, "b": 2}, False, "accuracy 0.25 is no better than always answering"),
        (0.5, {"a": 2, "b": 2}, False, "always answering 'a' (0.50)"),  # chance
        (0.9, {"a": 9, "b": 1}, False, "always answering 'a' (0.90)"),  # over 0.5, learnt nothing
        (0.45, {f"l{i}": 2 for i in range(10)}, False, "under 0.5: it answers wrong more often"),
        (0.4, {"a": 4, "b": 4}, True, "macro-F1 0.40 is under 0.5"),
        (0.8, {"a": 2, "b": 2}, False, None),
        (0.95, {"a": 9, "b": 1}, False, None),
        (0.6, {"a": 4, "b": 4}, True, None),
    ],
)
def test_low_cross_validated_figures_are_told(accuracy, counts, multi_label, words) -> None:
    warning = low_score_warning(meta(accuracy, counts, multi_label))
    if words is None:
        assert warning is None
    else:
        assert words in warning and "fix or add examples" in warning, warning


def test_a_tagger_that_learnt_nothing_goes_live_with_a_warning(client, tagger, tmp_path: Path,
                                                                boucle, monkeypatch):  # fmt: skip
    trained = client.put("/v1/taggers/muddle", json={"examples": CONTRADICTORY})
    assert trained.status_code == 200, trained.text  # served all the same
    answer = trained.json()
    assert answer["metrics"]["accuracy"] <= 0.5 and answer["live"], answer
    assert "no better than always answering" in answer["warning"], answer["warning"]
    assert "no better than" in client.get("/v1/taggers/muddle").json()["warning"]
    # the CLI says it too, on the analyzer loaded already (its live taggers put back after)
    resources = tagger.analyzer.resources
    monkeypatch.setattr(resources, "taggers", dict(resources.taggers))
    store = TaggerStore(tmp_path / "taggers")
    monkeypatch.setattr("api.cli.open_taggers", lambda: Taggers(store, tagger))
    examples = tmp_path / "muddle.csv"
    examples.write_text("text,label\n" + "".join(f"{e['text']},{e['label']}\n"
                                                 for e in CONTRADICTORY))  # fmt: skip
    done = boucle("taggers", "train", "muddle", str(examples),
                  env={"BOUCLE_DATA_DIR": str(tmp_path / "data")})  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "muddle v1: 2 labels, 4 examples" in done.stdout
    assert "muddle: warning: " in done.stderr, done.stderr[-2000:]
    assert "cross-validated accuracy" in done.stderr and "no better than" in done.stderr


@pytest.mark.parametrize(
    ("scope", "warned"),
    [
        ({"in_scope_accuracy": 0.17, "in_scope_accuracy_without_threshold": 0.84}, True),
        ({"in_scope_accuracy": 0.8, "in_scope_accuracy_without_threshold": 0.84}, False),
        ({"in_scope_accuracy": 0.17}, False),  # saved before the figure was kept
        ({}, False),  # no threshold, no unknown label
    ],
)
def test_a_costly_threshold_is_told(scope, warned) -> None:
    said = threshold_warning({"threshold": 0.95, "metrics": scope})
    if warned:
        assert "threshold 0.95 sends in-scope examples to unknown" in said, said
        assert "0.17 against 0.84" in said
    else:
        assert said is None


def test_a_spreadsheets_header_and_every_empty_cell_are_read(tmp_path) -> None:
    from api.cli import InputError, read_examples

    capitalised = tmp_path / "capitalised.csv"
    capitalised.write_text("Text;Label\nRemboursez-moi;refund\nMot de passe oublié;login\n")
    assert read_examples(str(capitalised)) == [
        {"text": "Remboursez-moi", "label": "refund"},
        {"text": "Mot de passe oublié", "label": "login"},
    ]
    blanks = tmp_path / "blanks.csv"
    blanks.write_text("text,label\nfine,a\n ,b\nok,\n" + " ,\n" * 12)
    with pytest.raises(InputError) as refused:
        read_examples(str(blanks))
    said = str(refused.value)
    assert "line 3: empty text; line 4: empty label; line 5: empty text and label" in said, said
    assert said.endswith("(and 4 more)"), said


def test_the_cli_says_repeats_and_the_in_scope_figures(client, tagger, tmp_path: Path, boucle,
                                                       monkeypatch) -> None:  # fmt: skip
    """A CSV of repeated rows was learnt as given (figures inflated, not a word); a threshold
    sending in-scope text to unknown showed only a macro-F1."""
    resources = tagger.analyzer.resources
    monkeypatch.setattr(resources, "taggers", dict(resources.taggers))
    store = TaggerStore(tmp_path / "taggers")
    monkeypatch.setattr("api.cli.open_taggers", lambda: Taggers(store, tagger))
    rows = [("I was charged twice", "billing"), ("Refund my payment", "billing"),
            ("Cannot log in", "login"), ("Password reset fails", "login"),
            ("Tell me a joke", "oos"), ("What's the weather?", "oos")]  # fmt: skip
    examples = tmp_path / "examples.csv"
    examples.write_text("text,label\n" + "".join(f"{t},{lb}\n" for t, lb in rows * 2))
    done = boucle("taggers", "train", "scoped", str(examples), "--unknown-label", "oos",
                  "--threshold", "0.95", env={"BOUCLE_DATA_DIR": str(tmp_path)})  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "3 labels, 6 examples" in done.stdout and "in-scope accuracy" in done.stdout
    assert "out-of-scope recall" in done.stdout and "at threshold 0.95" in done.stdout
    assert "6 examples repeat an earlier one" in done.stderr, done.stderr[-2000:]
    listed = boucle("taggers", "list", env={"BOUCLE_DATA_DIR": str(tmp_path)})
    assert "in-scope accuracy" in listed.stdout, listed.stdout
    predicted = boucle("taggers", "predict", "scoped", stdin='{"id": 1, "text": "a joke"}\n',
                       env={"BOUCLE_DATA_DIR": str(tmp_path)})  # fmt: skip
    assert predicted.returncode == 0 and '"labels": null' in predicted.stdout, predicted
