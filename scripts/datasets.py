"""Readers for the public labelled data sets in ../shared/datasets (read in place, never copied).

Each reader returns the rows of one set as dicts of strings, restricted to the splits we may use.
Licences and citations: see each folder's README and models/README.md.
"""

import csv
import sys
import zlib
from pathlib import Path

DEFAULT_ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"

csv.field_size_limit(sys.maxsize)  # NLBSE bodies exceed the csv module's default field limit

Row = dict[str, str]


def read_csv(root: Path, relative: str) -> list[Row]:
    with (Path(root) / relative).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def minibar(root: Path = DEFAULT_ROOT) -> list[Row]:
    """mini-bar app reviews (MIT): Garmin Connect + Huawei Health, EN + FR, multi-label type + stars."""
    return read_csv(root, "minibar_app_reviews_en_fr/classification.csv")


def nlbse_train(root: Path = DEFAULT_ROOT) -> list[Row]:
    """NLBSE'24 GitHub issues, official train split only (bug / feature / question)."""
    rows = read_csv(root, "nlbse24_github_issues/nlbse24_issues.csv")
    return [row for row in rows if row["split"] == "train"]


def banking77_train(root: Path = DEFAULT_ROOT) -> list[Row]:
    """Banking77 (CC BY 4.0), official train split only."""
    return [row for row in read_csv(root, "banking77/banking77.csv") if row["split"] == "train"]


def clinc150_train(root: Path = DEFAULT_ROOT) -> list[Row]:
    """CLINC150 (CC BY 3.0), train + val splits (its test split is held out)."""
    rows = read_csv(root, "clinc150/clinc150_full.csv")
    return [row for row in rows if row["split"] in ("train", "val")]


def cfpb(root: Path = DEFAULT_ROOT) -> list[Row]:
    """CFPB consumer complaints with narratives (US public domain)."""
    return read_csv(root, "cfpb_complaints_sample/cfpb_complaints_with_narrative.csv")


def allocine_train(root: Path = DEFAULT_ROOT) -> list[Row]:
    """Allociné FR movie reviews (MIT), rows of the original train split only."""
    rows = read_csv(root, "allocine_fr_sample/allocine_fr_sample.csv")
    return [row for row in rows if row["origin_split"] == "allocine_train"]


def uci_is_test(row_id: str) -> bool:
    """The fixed UCI evaluation portion (about 20 %): chosen by hashing the id, never trained on."""
    return zlib.crc32(row_id.encode()) % 5 == 0


def uci(root: Path = DEFAULT_ROOT, test: bool = False) -> list[Row]:
    """UCI sentiment sentences (CC BY 4.0): the training portion, or the held-out one if `test`."""
    rows = read_csv(root, "uci_sentiment_sentences/uci_sentiment_sentences.csv")
    return [row for row in rows if uci_is_test(row["id"]) == test]


def airline(root: Path = DEFAULT_ROOT) -> list[Row]:
    """Twitter US airline sentiment: CC BY-NC-SA 4.0, EVALUATION ONLY, never used for training."""
    return read_csv(root, "twitter_us_airline_sentiment/airline_tweets.csv")


def minibar_clustering(root: Path = DEFAULT_ROOT) -> list[Row]:
    """mini-bar gold clusters (MIT): 800 Garmin/Huawei reviews, EN + FR; same `cluster_id` = same need."""
    return read_csv(root, "minibar_app_reviews_en_fr/clustering.csv")


def apia2022(root: Path = DEFAULT_ROOT) -> list[Row]:
    """APIA 2022 French app reviews: 6,000 rows, FR only. Licence not stated (research use with
    attribution, see its README): benchmark text only, never shipped."""
    return read_csv(root, "apia2022_fr_app_reviews/apia2022_fr_reviews.csv")
