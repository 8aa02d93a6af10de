"""Models shared by the stages, each loaded once, on first use."""

from functools import cached_property

from analyzer.config import AnalyzerConfig
from models.embedders import Embedder, load_embedder
from models.heads import HEADS_DIR, LinearHead, load_head


class Resources:
    def __init__(self, config: AnalyzerConfig) -> None:
        self.config = config
        # Custom taggers, by name: whoever owns them (the API) swaps in a new dict on change.
        self.taggers: dict[str, LinearHead] = {}

    @cached_property
    def embedder(self) -> Embedder:
        return load_embedder(self.config.embedder, self.config.threads, self.config.verify_weights)

    def head(self, name: str) -> LinearHead:
        cache = self.__dict__.setdefault("_heads", {})
        if name not in cache:
            directory = self.config.heads_dir or HEADS_DIR
            cache[name] = load_head(name, self.config.embedder, directory)
        return cache[name]
