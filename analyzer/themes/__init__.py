"""Theme discovery (vectors + texts in, two levels of labelled themes out) and the helpers that
ingestion and stable theme ids need. Importing this package does not import BERTopic."""

from analyzer.themes.clustering import assign
from analyzer.themes.discovery import (
    Discovery,
    FoundTheme,
    ParentTheme,
    Seed,
    ThemeConfig,
    discover,
)
from analyzer.themes.matching import match_members, match_themes

__all__ = [
    "Discovery",
    "FoundTheme",
    "ParentTheme",
    "Seed",
    "ThemeConfig",
    "assign",
    "discover",
    "match_members",
    "match_themes",
]
