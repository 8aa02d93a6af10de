"""What a refit writes reads true (QA on the demo after cold and warm refits): lineage on both
sides (a theme split from another says so on the source, a retired theme names where its
insights went), a parent named after the themes it holds (not one a person moved elsewhere),
and no theme named as its parent."""

import numpy as np
from fastapi.testclient import TestClient

from analyzer.themes.discovery import Discovery, FoundTheme
from analyzer.themes.parents import ParentTheme
from api.storage.tables import Theme
from api.themes.corpus import Corpus
from api.themes.placement import Placement
from api.themes.refit import write_themes
from tests.test_theme_relabelling import AXES, add_theme


def write(client: TestClient, rows: list[int], labels: list[int], themes: list[FoundTheme],
          mapping: dict[int, int], parents: list[ParentTheme] = ()) -> dict:  # fmt: skip
    """A refit's write of `themes` (and `parents`) over insights in old themes `rows` (-1:
    none), each now in the found theme of `labels`; the summary, ids included."""
    rows, labels = np.array(rows), np.array(labels)
    vectors = np.vstack([AXES[0]] * len(rows))
    found = Discovery(labels=labels, themes=themes, parents=list(parents), outlier_share=0.0,
                      seconds=0.0)  # fmt: skip
    corpus = Corpus(np.arange(1, len(rows) + 1), vectors, [""] * len(rows), ["en"] * len(rows),
                    rows)  # fmt: skip
    placement = Placement(corpus.ids, rows, labels, np.ones(len(rows), np.float32))
    with client.app.state.workspace.db.session() as session:
        return write_themes(session, corpus, found, mapping, placement, rows)


def cluster(members: list[int], label: str, axis: int = 0, parent: int | None = None,
            keywords: list[str] | None = None) -> FoundTheme:  # fmt: skip
    return FoundTheme(np.array(members), AXES[axis], keywords or label.split(" · "), label,
                      [members[0]], parent, None)  # fmt: skip


def detail(client: TestClient, theme_id: int) -> dict:
    return client.get(f"/v1/themes/{theme_id}").json()


def test_a_split_and_a_retirement_are_said_on_both_sides(store_client: TestClient) -> None:
    """Theme 68 said `split_from 35` while 35 only said `retired`, and a retired theme named no
    successor: a filter or link on it could not say where its insights went."""
    kept = add_theme(store_client, "calendar sync", axis=0)
    gone = add_theme(store_client, "tasks assigned", axis=1)
    summary = write(store_client, rows=[kept] * 4 + [gone] * 3, labels=[0, 0, 1, 1, 0, 1, -1],
                    themes=[cluster([0, 1, 4], "calendar sync"), cluster([2, 3, 5], "outlook")],
                    mapping={0: kept})  # fmt: skip
    split = summary["ids"][1]
    assert detail(store_client, split)["lineage"][0]["event"] == "split_from"
    assert detail(store_client, split)["lineage"][0]["theme"] == kept
    source = detail(store_client, kept)["lineage"][-1]
    assert (source["event"], source["theme"]) == ("split_into", split)
    retired = detail(store_client, gone)
    assert retired["status"] == "retired"
    assert sorted(retired["lineage"][-1]["successors"]) == sorted([kept, split])


def test_a_parent_is_named_after_the_themes_it_holds_after_a_refit(
    store_client: TestClient,
) -> None:
    """A cold refit grouped dark mode with offline mode and named the parent "dark mode ·
    theme"; dark mode stayed under the parent a person had moved it to, and the parent held
    offline mode alone under dark mode's name."""
    chosen = add_theme(store_client, "dark mode", level="parent", axis=3)  # named by the move
    dark = add_theme(store_client, "dark mode · theme", axis=0, parent_id=chosen)
    with store_client.app.state.workspace.db.session() as session:
        session.get(Theme, dark).parent_locked = True  # a person moved it there
    offline = add_theme(store_client, "offline mode · sync", axis=1)
    parent = ParentTheme([0, 1], AXES[0], ["dark mode", "theme"], "dark mode · theme")
    write(store_client, rows=[dark, dark, offline, offline], labels=[0, 0, 1, 1],
          themes=[cluster([0, 1], "dark mode · theme", parent=0),
                  cluster([2, 3], "offline mode · sync", axis=1, parent=0)],
          mapping={0: dark, 1: offline}, parents=[parent])  # fmt: skip
    holder = detail(store_client, offline)["parent_id"]
    assert detail(store_client, dark)["parent_id"] == chosen
    named = detail(store_client, holder)["name"]
    assert "dark mode" not in named and named.startswith("offline mode"), named
    assert named != detail(store_client, offline)["name"]


def test_no_theme_is_named_as_its_parent_after_a_refit(store_client: TestClient) -> None:
    """ "cancelling at the end · close account" over the same after a cold refit and the next
    warm one: the theme gets its distinguishing word, as README says."""
    cancel = add_theme(store_client, "cancel", axis=0)
    refund = add_theme(store_client, "refund", axis=1)
    label = "cancelling at the end · close account"
    parent = ParentTheme([0, 1], AXES[0], ["cancelling at the end", "close account"], label)
    write(store_client, rows=[cancel, cancel, refund, refund], labels=[0, 0, 1, 1],
          themes=[cluster([0, 1], label, parent=0,
                          keywords=["cancelling at the end", "close account", "subscription"]),
                  cluster([2, 3], "refund · annual plan", axis=1, parent=0)],
          mapping={0: cancel, 1: refund}, parents=[parent])  # fmt: skip
    theme = detail(store_client, cancel)
    assert detail(store_client, theme["parent_id"])["name"] == label
    assert theme["name"] == f"{label} · subscription"
