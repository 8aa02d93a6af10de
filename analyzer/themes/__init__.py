"""Theme discovery (vectors + texts in, two levels of labelled themes out) and the helpers that
ingestion and stable theme ids need. Importing this package does not import BERTopic, nor numpy
and scipy: names are imported on first use (PEP 562), so ThemeConfig alone stays cheap."""

from typing import TYPE_CHECKING

from analyzer.lazy_names import lazy_names

if TYPE_CHECKING:
    from analyzer.themes.clustering import assign
    from analyzer.themes.config import ThemeConfig
    from analyzer.themes.discovery import Discovery, FoundTheme, ParentTheme, Seed, discover
    from analyzer.themes.matching import match_members, match_themes

# each name's module
_HOMES = {
    "Discovery": "analyzer.themes.discovery",
    "FoundTheme": "analyzer.themes.discovery",
    "ParentTheme": "analyzer.themes.discovery",
    "Seed": "analyzer.themes.discovery",
    "ThemeConfig": "analyzer.themes.config",
    "assign": "analyzer.themes.clustering",
    "discover": "analyzer.themes.discovery",
    "match_members": "analyzer.themes.matching",
    "match_themes": "analyzer.themes.matching",
}

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

__getattr__, __dir__ = lazy_names(globals(), _HOMES)
