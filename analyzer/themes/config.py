"""Theme discovery's settings (ThemeConfig): plain data, importable without numpy or the
clustering code, so that the API's settings read their defaults cheaply (`boucle --version`)."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analyzer.themes.clustering import ClusterParams


@dataclass(frozen=True)
class ThemeConfig:
    """Defaults measured by scripts/eval_themes.py (docs/evaluation.md, "themes"), tuned on
    Banking77 only; the other evaluation sets are held out."""

    # Micro-clusters of ~25 rows (at most 1,000 of them, which keeps 100k insights within the
    # time budget) merged while every pair of micro-centroids is within cosine distance 0.25:
    # the best NMI + ARI on Banking77 of a 3 x 4 grid.
    micro_size: int = 25
    max_micro: int = 1000
    merge_distance: float = 0.25
    min_theme_size: int = 5
    # Rows whose nearest theme centroid is under this cosine are outliers (and a dropped small
    # theme's rows are reassigned only above it): the highest value of the grid that keeps the
    # outlier share under 7.5 % on every evaluation set. `assign` at ingestion uses the same.
    min_similarity: float = 0.4
    # A theme's rise counts as its own unless the window's insights are significantly farther
    # from its centroid than its earlier members (one-sided Mann-Whitney U at this level;
    # analyzer/themes/radius.py): on Banking77 96 % of bursts of a topic left out of the fit
    # stopped, 2 % of a theme's own (docs/evaluation.md, "themes-ingest"). 0: no check.
    cohesion_alpha: float = 0.01
    # Rows at least this close to a seed's vector are pinned to it (best F1 of seeded themes vs
    # their Banking77 intent, seeds = name + 3 examples); nearer-than-any-theme rows join too.
    seed_similarity: float = 0.7
    # Warm refit (`previous=`): a row keeps its nearest previous theme, and is not moved after,
    # unless it is under this cosine AND among the `anchor_share` least similar rows; only those
    # are clustered anew, so new topics still become new themes while 90+ % of rows keep theirs.
    anchor_similarity: float = 0.65
    anchor_share: float = 0.05
    refine: int = 2  # nearest-centroid passes after merging (reassigns outliers, moves rows)
    # Themes group under a parent while the mean cosine between their centroids is at least this
    # (average linkage, analyzer/themes/parents.py); a theme near no other stays top-level. The
    # most grouping that keeps under 5 % of sibling pairs below cosine 0.3 on Banking77, CLINC150
    # train and the demo (Ward into sqrt(#themes) parents: 4.5 %, 19.9 %, 47.7 %).
    parent_similarity: float = 0.45
    n_quotes: int = 5
    n_keywords: int = 8
    keyword_share: float = 0.1  # keywords found in at least 10 % of a theme's insights rank first
    label_parts: int = 2
    # A label's second part kept only if in at least `label_part_ratio` times as many of the
    # theme's insights as its first part ("daily happy · losing" glued a rare word to a common
    # one), and found with it at least `label_part_lift` times as often as chance
    # (`labels.related_parts`); 0: no check. Ratio 0.5 alone: weakest part +5.4 points for -1.0 of
    # gold-name agreement on the public sets; the lift check cost 7 (docs/evaluation.md, "labels").
    label_part_ratio: float = 0.5
    label_part_lift: float = 0.0
    ngram_max: int = 2
    seed: int = 0

    def cluster_params(self) -> "ClusterParams":
        from analyzer.themes.clustering import ClusterParams  # numpy: for discovery only

        return ClusterParams(
            micro_size=self.micro_size,
            max_micro=self.max_micro,
            merge_distance=self.merge_distance,
            min_theme_size=self.min_theme_size,
            min_similarity=self.min_similarity,
            seed_similarity=self.seed_similarity,
            anchor_similarity=self.anchor_similarity,
            anchor_share=self.anchor_share,
            refine=self.refine,
            random_state=self.seed,
        )
