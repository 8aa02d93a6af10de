"""Training, predicting and listing custom taggers: plain functions the routes and the CLI share."""

import logging
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from typing import NamedTuple

import numpy as np

from analyzer.taggers import tagger_answers
from api.errors import Conflict
from api.failures import failure_trace
from api.jobs import Cancelled, Progress
from api.taggers.examples import (
    BadExamples,
    case_twins,
    check_examples,
    check_training_examples,
    distinct_examples,
    label_rows,
    low_score_warning,
    quoted,
    same_text,
    threshold_warning,
)
from api.taggers.schemas import TrainRequest
from api.taggers.store import TaggerNotFound, TaggerStore
from api.tagging.service import Tagger
from models.training import fit_multi_label, fit_single_label

log = logging.getLogger("boucle.taggers")
# Versions saved before the mode was recorded were trained when "mean" was the only default.
UNRECORDED_MESSAGE_VECTOR = "mean"


class TaggerDeleted(Cancelled, Conflict):
    """The tagger was deleted while this training ran: the deletion wins, the training's
    version is thrown away (a 409 to a waiting caller, a `cancelled` job otherwise)."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"tagger {name!r} was deleted while it trained: this training was discarded; "
            f"train it again (PUT /v1/taggers/{name}) to bring it back"
        )


class Taggers:
    """Live taggers on disk and in the analyzer: the analyzer tags with whatever is live here."""

    def __init__(self, store: TaggerStore, tagger: Tagger) -> None:
        self.store = store
        self.tagger = tagger
        self.analyzer = tagger.analyzer
        self.embedder = self.analyzer.config.embedder
        self._training = threading.Lock()  # one training at a time: it uses both cores
        # A version goes live whole (a training's save and publishing, a rollback, a reload); a
        # rollback takes only this one, so it never waits for a training to finish.
        self._switching = threading.RLock()
        self._live = store.live_versions()  # what this process serves: {name: version}
        # {name: how often its live version was switched other than by a training here}: a
        # training that sees it change went on from a version no longer served
        self._switches: Counter[str] = Counter()
        self._accepted: dict[str, list[Accepted]] = {}  # {name: its trainings not ended here}
        self._running = ""  # the training that holds `_training`, as a queued job names it
        # {name: how often it was deleted here}: a training that sees it change was deleted
        # from under it, and is discarded rather than bringing the tagger back
        self._deletions: Counter[str] = Counter()
        self._publish({name: store.head(name, self.embedder) for name in self._live})

    def log_serving_warnings(self) -> None:
        """At a server's start: the live taggers whose answers drift from their metrics on this
        server's settings. A tagger's other warnings (its examples, its figures) are said where
        it is trained or shown, not by every command that opens the taggers."""
        serving = self.analyzer.config.message_vector
        for name in self.store.names():
            if warning := vector_warning(self.store.meta(name), name, serving):
                log.warning("tagger %r: %s", name, warning)

    def _publish(self, taggers: dict) -> None:
        self.analyzer.resources.taggers = taggers

    def prepared(self, texts: list[str]) -> tuple[list[str], np.ndarray]:
        """Texts and vectors exactly as the analyzer will see them when tagging (normalised,
        redacted, embedded), so a tagger learns from what it will be shown."""
        analyses = self.tagger.prepare(texts)
        return [a.text for a in analyses], np.vstack([a.vector for a in analyses])

    def train(self, name: str, request: TrainRequest) -> dict:
        return self.fit(name, *self.training_set(name, request))

    def training_set(self, name: str, request: TrainRequest) -> "TrainingSet":
        """The examples and options a training request means, checked (BadExamples) before
        anything is fitted; with `append`, how many of the examples were stored already."""
        examples = [e.model_dump() for e in request.examples]
        options = TrainOptions(
            request.multi_label, request.description, request.unknown_label, request.threshold
        )
        stored = 0
        if request.append:
            live = self.live_examples_to_append_to(name)
            examples, stored = live + examples, len(live)
            # an append adds examples: the live version's options stay unless the request
            # gives them (an out-of-scope label and threshold lost silently changed answers)
            given = request.model_fields_set & OPTION_FIELDS
            options = replace(
                TrainOptions.of(self.store.meta(name)),
                **{field: getattr(request, field) for field in given},
            )
            check_appended(examples, options)
        check_training_examples(examples, options.unknown_label, options.multi_label)
        return TrainingSet(examples, options, stored)

    def live_examples_to_append_to(self, name: str) -> list[dict]:
        try:
            return self.store.examples(name)
        except TaggerNotFound:  # its own message says to PUT: the very request just sent
            raise TaggerNotFound(
                f'no tagger named {name!r} to append to: leave out "append" (or set it '
                "false) to create it from these examples"
            ) from None

    def retrain(self, name: str) -> dict:
        return self.fit(name, *self.retraining_set(name))

    def retraining_set(self, name: str) -> "TrainingSet":
        """The live version's examples and options, for a new version on today's analyzer:
        after a change of embedder settings (BOUCLE_MESSAGE_VECTOR) or of the analyzer."""
        examples, options = self.store.examples(name), TrainOptions.of(self.store.meta(name))
        check_training_examples(examples, options.unknown_label, options.multi_label)
        return TrainingSet(examples, options)

    def accept(self, name: str) -> "Accepted":
        """A training of `name` from now on, before it begins (a job's thread may start later):
        a DELETE from now cancels it, a rollback from now keeps its version back. Pass it to
        `fit`, or to `release` when the training will not run."""
        with self._switching:
            accepted = Accepted(name, self._switches[name], self._deletions[name],
                                name in self.store.names())  # fmt: skip
            self._accepted.setdefault(name, []).append(accepted)
        return accepted

    def release(self, accepted: "Accepted") -> None:
        with self._switching:
            trainings = self._accepted.get(accepted.name, [])
            if accepted in trainings:
                trainings.remove(accepted)
            if not trainings:
                self._accepted.pop(accepted.name, None)

    def fit(
        self,
        name: str,
        examples: list[dict],
        options: "TrainOptions",
        stored: int = 0,
        progress: Progress | None = None,
        accepted: "Accepted | None" = None,
    ) -> dict:
        """A new version, live at once unless the tagger was rolled back (or switched by another
        process) while it trained: then it is saved and kept back, and its answer says so.
        Examples repeated (same text, case and spacing aside, same label) are learnt once; the
        first `stored` were the live version's (an append). `progress` hears how far it is (a
        job's is told when its turn comes: `start`). `accepted`: when the training was
        accepted (`accept`), if before now."""
        accepted = accepted or self.accept(name)
        try:
            examples, repeats = distinct_examples(examples, stored)
            labels = label_rows(examples)
            check_examples(labels, options.unknown_label, options.multi_label)
            say = progress or (lambda share, message: None)
            with self._turn(name, say, getattr(progress, "job_id", None)):
                self._begin(accepted)  # deleted while it waited its turn: stops here
                if (start := getattr(progress, "start", None)) is not None:
                    start()
                return self._fit_now(name, examples, labels, options, repeats, accepted, say)
        finally:
            self.release(accepted)

    def _begin(self, accepted: "Accepted") -> None:
        with self._switching:  # a DELETE from now on finds it begun: it stops at its next fit
            self._check_kept(accepted)
            accepted.begun = True

    @contextmanager
    def _turn(self, name: str, say: Progress, job_id: int | None) -> Iterator[None]:
        """One training at a time (it uses both cores): a job waiting for its turn says which
        training it waits behind, rather than "starting" for minutes."""
        if not self._training.acquire(blocking=False):
            say(0.0, f"queued behind {self._running}")
            self._training.acquire()
        self._running = f"job {job_id} (training {name!r})" if job_id else (
            f"a training of {name!r} (a synchronous PUT or retrain, or the CLI)")  # fmt: skip
        try:
            yield
        finally:
            self._training.release()

    def _fit_now(
        self, name: str, examples: list[dict], labels: list[list[str]], options: "TrainOptions",
        repeats: dict, accepted: "Accepted", say: Progress,
    ) -> dict:  # fmt: skip
        say(0.0, f"reading {len(examples)} examples")
        texts, matrix = self.prepared([e["text"] for e in examples])

        def step(done: int, total: int) -> None:  # between fits: a DELETE stops it here
            self._check_kept(accepted)
            say(done / (total + 1), f"fitted {done} of {total} models (folds, then the last)")

        if options.multi_label:
            fitted = fit_multi_label(name, texts, matrix, labels, self.embedder,
                                     threshold=options.threshold, step=step)  # fmt: skip
        else:
            fitted = fit_single_label(
                name, texts, matrix, [row[0] for row in labels], self.embedder,
                unknown_label=options.unknown_label, threshold=options.threshold, step=step,
            )  # fmt: skip
        counts = Counter(label for row in labels for label in row)
        meta = {
            "name": name,
            "description": options.description,
            "multi_label": options.multi_label,
            "labels": list(fitted.head.labels),
            "counts": dict(sorted(counts.items())),
            "unknown_label": options.unknown_label,
            "threshold": fitted.metrics["threshold"],
            "requested_threshold": options.threshold,
            "metrics": fitted.metrics,
            "message_vector": self.analyzer.config.message_vector,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "conflicts": [] if options.multi_label else conflicts(examples),
            "case_twins": case_twins(labels),
            "repeats": repeats,
        }
        # kept for retraining as the analyzer read them: redacted, so that an example pasted
        # from a real ticket keeps no address or phone number on disk
        kept = [{**e, "text": text} for e, text in zip(examples, texts, strict=True)]
        with self._switching:
            self.refresh()  # a rollback by `boucle taggers rollback` counts too
            self._check_kept(accepted)
            live = self._switches[name] == accepted.switches or name not in self._live
            version = self.store.save(fitted.head, meta, kept, live=live)
            if live:
                self._live[name] = version
                self._publish({**self.analyzer.resources.taggers, name: fitted.head})
            else:
                log.warning("tagger %r: %s", name, kept_back(name, version, self._live[name]))
            return self.info(name, version)  # as it stands now, not after the next switch

    def _check_kept(self, accepted: "Accepted") -> None:
        """TaggerDeleted when the tagger was deleted since its training was accepted: here
        (DELETE), or on disk by another process (`boucle taggers delete`)."""
        name = accepted.name
        if self._cancelled(accepted) or (accepted.existed and name not in self.store.names()):
            self.refresh()  # deleted by another process: stop serving it now, not at the next look
            raise TaggerDeleted(name)

    def _cancelled(self, accepted: "Accepted") -> bool:
        return self._deletions[accepted.name] != accepted.deletions

    def predict(self, name: str, texts: list[str]) -> list[dict]:
        head = self.analyzer.resources.taggers.get(name) or self.store.head(name, self.embedder)
        prepared, vectors = self.prepared(texts)
        return tagger_answers(head, head.predict(prepared, vectors))

    def info(self, name: str, version: int | None = None) -> dict:
        return tagger_info(self.store, name, self.analyzer.config.message_vector, version)

    def make_live(self, name: str, version: int) -> dict:
        """Serve `version` of `name` from now on (a rollback); its info, as GET answers it."""
        with self._switching:  # not between a training's save and its publishing
            self.store.make_live(name, version)
            self._live[name] = version
            self._switches[name] += 1
            self._publish({**self.analyzer.resources.taggers,
                           name: self.store.head(name, self.embedder)})  # fmt: skip
        return self.info(name)

    def delete(self, name: str) -> list[int]:
        """Every version of `name`, and any training of it accepted here: it stops at its next
        fit, or when its turn comes (a first training too: nothing saved yet; TaggerNotFound
        when neither is there). Returns the jobs of the trainings that had not begun: they can
        say `cancelled` at once."""
        with self._switching:
            waiting = [a for a in self._accepted.get(name, []) if not self._cancelled(a)]
            if not waiting or name in self.store.names():
                self.store.delete(name)  # raises when there is no such tagger
                self._live.pop(name, None)
                self._publish({k: v for k, v in self.analyzer.resources.taggers.items()
                               if k != name})  # fmt: skip
            self._deletions[name] += 1
            return [a.job_id for a in waiting if not a.begun and a.job_id is not None]

    def refresh(self) -> bool:
        """Serve what another process (`boucle taggers train`, another server worker) made live
        or deleted on disk since; True when something changed."""
        with self._switching:
            return self._refresh()

    def _refresh(self) -> bool:
        current = self.store.live_versions()
        if current == self._live:
            return False
        self._switches.update(n for n, v in current.items() if self._live.get(n) not in (None, v))
        serving = self.analyzer.resources.taggers
        heads = {}
        for name, version in current.items():
            if self._live.get(name) == version and name in serving:
                heads[name] = serving[name]
                continue
            try:
                heads[name] = self.store.head(name, self.embedder)
            except Exception as error:  # one unreadable tagger must not stop the others serving
                log.error("tagger %r version %s could not be loaded: %s", name, version,
                          failure_trace(error))  # fmt: skip
                if name in serving:
                    heads[name] = serving[name]
        self._publish(heads)
        log.info("taggers now live: %s", {n: current[n] for n in heads})
        self._live = current
        return True

    def watch(self, interval_s: float, stop: threading.Event) -> None:
        """`refresh` every `interval_s` until `stop` is set (a daemon thread of `serve`)."""
        while not stop.wait(interval_s):
            try:
                self.refresh()
            except Exception as error:  # keep watching: a failed look is retried at the next one
                log.error("checking the taggers on disk failed: %s", failure_trace(error))


def kept_back(name: str, version: int, live: int) -> str:
    return (
        f"version {version} was saved but is not live: version {live} was made live while it "
        f"trained (a rollback); serve it with POST /v1/taggers/{name}/rollback "
        f'{{"version": {version}}} (or boucle taggers rollback {name} {version})'
    )


def vector_warning(meta: dict, name: str, serving: str) -> str | None:
    """Why a version's scores drift from its metrics here: it was trained on other message
    vectors than `serving` (BOUCLE_MESSAGE_VECTOR), on messages of several insights."""
    trained_on = meta.get("message_vector", UNRECORDED_MESSAGE_VECTOR)
    if trained_on == serving:
        return None
    return (
        f"trained on {trained_on!r} message vectors but the server now uses {serving!r} "
        f"(BOUCLE_MESSAGE_VECTOR): retrain it on its own examples (POST "
        f"/v1/taggers/{name}/retrain, or boucle taggers retrain {name}), or set "
        f"BOUCLE_MESSAGE_VECTOR={trained_on}"
    )


def example_warnings(meta: dict) -> list[str]:
    """What a version's examples held that it did not learn as given: repeats, texts under two
    labels, labels that differ only by case."""
    said = []
    if dropped := meta.get("repeats", {}).get("dropped"):
        already = meta["repeats"]["already_stored"]
        said.append(
            f"{dropped} example{' repeats' if dropped == 1 else 's repeat'} an earlier one (same "
            "text, case and spacing aside, same label) and "
            f"{'was' if dropped == 1 else 'were'} learnt once"
            + (f" ({already} of them already stored: sent again)" if already else "")
        )
    if meta.get("conflicts"):
        text, labels = meta["conflicts"][0]
        count = len(meta["conflicts"])
        said.append(
            f"{count} text{' carries' if count == 1 else 's carry'} different labels (e.g. "
            f"{text[:80]!r}: "
            f"{', '.join(labels)}): a single-label tagger answers one of them; fix those "
            "examples, or train with multi_label: true"
        )
    if twins := meta.get("case_twins"):
        said.append(
            "labels that differ only by case are learnt as different labels: "
            f"{'; '.join(quoted(group) for group in twins)}; if they are one, give them one "
            "spelling and train again"
        )
    return said


def tagger_info(store: TaggerStore, name: str, serving: str, version: int | None = None) -> dict:
    """What GET /v1/taggers/{name} answers (and `boucle taggers show`), from the disk alone:
    `serving` is the server's message vector (BOUCLE_MESSAGE_VECTOR); `version`: a saved one
    other than the live one (a training's answer)."""
    live = store.live_version(name)
    meta = store.meta(name, version)
    trained_on = meta.get("message_vector", UNRECORDED_MESSAGE_VECTOR)
    said = [
        kept_back(name, meta["version"], live) if meta["version"] != live else None,
        vector_warning(meta, name, serving),
        *example_warnings(meta),
        low_score_warning(meta),
        threshold_warning(meta),
    ]
    warning = "; ".join(part for part in said if part) or None
    return {
        **meta,
        "message_vector": trained_on,
        "warning": warning,
        "versions": store.versions(name),
        "live": meta["version"] == live,
    }


@dataclass(eq=False)  # each training its own, even when two are alike
class Accepted:
    """A training accepted (a PUT or retrain answered, or a fit called) and not ended: what it
    saw then, so that a deletion since cancels it and a rollback since keeps its version back."""

    name: str
    switches: int  # the tagger's switches (rollbacks) then
    deletions: int  # the tagger's deletions then
    existed: bool  # whether it was saved then: deleted on disk since, it is cancelled too
    job_id: int | None = None  # its job (?wait=false)
    begun: bool = False  # its turn came: it fits, and stops at its next fit once deleted


class TrainingSet(NamedTuple):
    examples: list[dict]
    options: "TrainOptions"
    stored: int = 0  # how many of the examples come first from the live version (an append)


@dataclass(frozen=True)
class TrainOptions:
    multi_label: bool
    description: str | None
    unknown_label: str | None
    threshold: float | None  # as asked for; None: chosen on out-of-fold scores, or none at all

    @classmethod
    def of(cls, meta: dict) -> "TrainOptions":
        """The options a saved version was trained with."""
        if "requested_threshold" in meta:
            threshold = meta["requested_threshold"]
        else:  # saved before it was recorded: a threshold without unknown_label was asked for
            asked = not meta["multi_label"] and not meta["unknown_label"] and meta["threshold"] > 0
            threshold = meta["threshold"] if asked else None
        return cls(meta["multi_label"], meta["description"], meta["unknown_label"], threshold)


OPTION_FIELDS = frozenset(field.name for field in fields(TrainOptions))


def check_appended(examples: list[dict], options: TrainOptions) -> None:
    """What TrainRequest checks of options sent, for options kept from the live version."""
    if options.multi_label and options.unknown_label:
        raise BadExamples(
            f"the live version's unknown_label {options.unknown_label!r} is for single-label "
            "taggers: send unknown_label: null with multi_label: true (and a threshold instead)"
        )
    if not options.multi_label and any(isinstance(e["label"], list) for e in examples):
        raise BadExamples(
            "the live version is single-label: a label list needs multi_label: true (or send "
            "one label per example)"
        )


def conflicts(examples: list[dict], limit: int = 20) -> list[tuple[str, list[str]]]:
    """Texts given twice with different labels (case and spacing aside), up to `limit`."""
    seen: dict[str, set[str]] = {}
    first: dict[str, str] = {}
    for example in examples:
        key = same_text(example["text"])
        seen.setdefault(key, set()).add(example["label"])
        first.setdefault(key, example["text"])
    clashes = [(first[key], sorted(labels)) for key, labels in seen.items() if len(labels) > 1]
    return clashes[:limit]
