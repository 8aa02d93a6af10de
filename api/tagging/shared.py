"""One Tagger per analyzer configuration in a process, for the CLI's commands.

A command builds its analyzer once (seconds cold: spaCy's tokenizers, the names' regexes, the
embedder and its sha256 check); a later command in the same process (the tests run `boucle`
in-process, one command after another) reuses it. Every setting that changes the pipeline is in
the AnalyzerConfig, so the configuration is the key: a changed setting builds its own.
Custom taggers are not part of it: whoever opens a command publishes its store's live ones
(api/taggers/service.py Taggers replaces the analyzer's whole dict)."""

import threading
from collections import OrderedDict

from analyzer import AnalyzerConfig
from api.tagging.service import Tagger

# Each kept tagger holds its models (hundreds of MB); a process rarely sees more than a couple
# of configurations, and the least recently used goes first.
KEPT_CONFIGS = 3

_taggers: OrderedDict[str, Tagger] = OrderedDict()
_building = threading.Lock()  # two threads asking for one configuration build it once


def shared_tagger(config: AnalyzerConfig) -> Tagger:
    """This process's tagger for `config`, built on first use. One Tagger, not one analyzer
    under several: its lock is what keeps two callers out of the analyzer at once."""
    import analyzer  # looked up at each build, as `from analyzer import Analyzer` was

    key = config.model_dump_json()
    with _building:
        tagger = _taggers.get(key)
        if tagger is None:
            tagger = Tagger(analyzer.Analyzer(config))
        _taggers[key] = tagger
        _taggers.move_to_end(key)
        while len(_taggers) > KEPT_CONFIGS:
            _taggers.popitem(last=False)
    return tagger
