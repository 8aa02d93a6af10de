"""`measure_rule.py segmentation`: segmentation (analyzer/stages/segment.py and the rule modules
it reads) as now and as at `--before`. Every public message is segmented both ways; those whose
insights differ are printed (the first `--sample` of each set, before → after) and run through
the remaining stages both ways, and the answers that moved are compared with each set's gold."""

import dataclasses
import subprocess
import sys
from collections.abc import Sequence

from analyzer import Analyzer, AnalyzerConfig
from analyzer.analysis import Analysis

# The modules a segmentation change may touch: the old segment stage reads them as they were.
SEGMENTATION_MODULES = (
    "analyzer.headings",
    "analyzer.boilerplate",
    "analyzer.citations",
    "analyzer.inverted_marks",
    "analyzer.scoped_contrasts",
    "analyzer.stages.segment",
)


def old_segment_stage(analyzer: Analyzer, module_at, revision: str):
    """The segment stage as at `revision`, reading the other modules as they were there too (a
    module absent there is read as it is now)."""
    kept = {name: sys.modules[name] for name in SEGMENTATION_MODULES}
    try:
        for name in SEGMENTATION_MODULES:  # the stage last: its imports find the old modules
            try:
                sys.modules[name] = module_at(revision, name)
            except subprocess.CalledProcessError:  # absent at that commit
                continue
        stage_class = sys.modules["analyzer.stages.segment"].SegmentStage
    finally:
        sys.modules.update(kept)
    return stage_class(analyzer.config, analyzer.resources)


def _insight_texts(analysis: Analysis) -> list[str]:
    return [insight.text for insight in analysis.insights]


def measure_segmentation(sets: dict, revision: str, sample: int, module_at, compare) -> None:
    analyzer = Analyzer(AnalyzerConfig())
    index = analyzer.stage_names.index("segment")
    now, then = analyzer.stages[index], old_segment_stage(analyzer, module_at, revision)
    for name, messages in sets.items():
        found, before, after = [], [], []
        for start in range(0, len(messages), 256):
            chunk = messages[start : start + 256]
            new = analyzer.analyze_batch([m.text for m in chunk], until="segment")
            old = _resegmented(new, then)
            for message, b, a in zip(chunk, old, new, strict=True):
                if _insight_texts(b) != _insight_texts(a):
                    found.append(message)
                    before.append(b)
                    after.append(a)
        print(f"{name}: {len(messages)} messages, insights differ in {len(found)}")
        for b, a in list(zip(before, after, strict=True))[:sample]:
            print(f"    {_insight_texts(b)} → {_insight_texts(a)}")
        if found:
            for batch in (before, after):
                for stage in analyzer.stages[index + 1 :]:
                    stage(batch)
            compare(found, before, after)
    analyzer.stages[index] = now


def _resegmented(batch: Sequence[Analysis], stage) -> list[Analysis]:
    """Copies of the analyses segmented by `stage`."""
    copies = [dataclasses.replace(analysis, insights=[]) for analysis in batch]
    stage(copies)
    return copies
