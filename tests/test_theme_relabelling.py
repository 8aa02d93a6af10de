"""Names that went stale: a released name gives back discovery's latest label (stored at each
refit under a person's name), and a parent whose themes all went elsewhere leaves the tree."""

import numpy as np
from fastapi.testclient import TestClient

from analyzer.themes.discovery import Discovery, FoundTheme
from analyzer.themes.parents import ParentTheme
from api.storage.tables import Theme
from api.themes.corpus import Corpus
from api.themes.placement import Placement
from api.themes.refit import write_themes

AXES = np.eye(4, dtype=np.float32)


def add_theme(client: TestClient, name: str, level: str = "theme", axis: int = 0,
              parent_id: int | None = None, name_locked: bool = False) -> int:  # fmt: skip
    """A theme row as a refit writes one (a centroid, no insights needed); its id."""
    with client.app.state.workspace.db.session() as session:
        theme = Theme(level=level, name=name, name_locked=name_locked, parent_id=parent_id,
                      centroid=AXES[axis].tobytes(), keywords=[], quotes=[], lineage=[],
                      seed_examples=[])  # fmt: skip
        session.add(theme)
        session.flush()
        return theme.id


def refit_labelled(
    client: TestClient, theme_id: int, label: str, parent: ParentTheme | None = None
) -> dict:
    """A refit that finds `theme_id` again (two rows, both its own), labelled `label`, under
    `parent` (None: at the top level): its summary."""
    cluster = FoundTheme(np.array([0, 1]), AXES[0], ["label"], label, [0], 0 if parent else None,
                         None)  # fmt: skip
    found = Discovery(labels=np.array([0, 0]), themes=[cluster], parents=[parent] if parent else [],
                      outlier_share=0.0, seconds=0.0)  # fmt: skip
    rows = np.array([theme_id, theme_id])
    corpus = Corpus(np.array([1, 2]), np.vstack([AXES[0], AXES[0]]), ["", ""], ["en", "en"], rows)
    placement = Placement(corpus.ids, rows, np.array([0, 0]), np.ones(2, np.float32))
    with client.app.state.workspace.db.session() as session:
        return write_themes(session, corpus, found, {0: theme_id}, placement, rows)


def patch(client: TestClient, theme_id: int, body: dict) -> dict:
    answer = client.patch(f"/v1/themes/{theme_id}", json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_releasing_a_name_after_refits_gives_the_latest_automatic_label(
    store_client: TestClient,
) -> None:
    """Renamed, relabelled by a refit, then released: the name was the label from before the
    rename ("csv export"), stale since the refit said "csv export · crash"."""
    theme_id = add_theme(store_client, "csv export")
    patch(store_client, theme_id, {"name": "Exports"})
    refit_labelled(store_client, theme_id, "csv export · crash")
    kept = store_client.get(f"/v1/themes/{theme_id}").json()
    assert kept["name"] == "Exports"  # a refit keeps a person's name
    released = patch(store_client, theme_id, {"name": None})
    assert (released["name"], released["name_locked"]) == ("csv export · crash", False)
    tree = store_client.get("/v1/themes").json()["items"]
    assert [t["name"] for t in tree] == ["csv export · crash"]


def test_releasing_a_parents_name_gives_its_latest_automatic_label(
    store_client: TestClient,
) -> None:
    """A parent a person named, relabelled by a refit, then released: the refit's label."""
    parent_id = add_theme(store_client, "exports", level="parent")
    theme_id = add_theme(store_client, "csv export", parent_id=parent_id)
    patch(store_client, parent_id, {"name": "Data out"})
    refit_labelled(store_client, theme_id, "csv export · crash",
                   ParentTheme([0], AXES[0], ["export"], "export · file", key=parent_id))  # fmt: skip
    assert store_client.get(f"/v1/themes/{parent_id}").json()["name"] == "Data out"
    assert patch(store_client, parent_id, {"name": None})["name"] == "export · file"


def test_a_parent_whose_last_theme_moves_out_leaves_the_tree(store_client: TestClient) -> None:
    """It stayed as an empty row (size 0) named after a theme it no longer had; now retired, its
    name (a person's too) and lineage kept, the reason said."""
    parent_id = add_theme(store_client, "Billing", level="parent", name_locked=True)
    theme_id = add_theme(store_client, "invoice · vat", parent_id=parent_id)
    patch(store_client, theme_id, {"parent_id": None})
    tree = store_client.get("/v1/themes").json()["items"]
    assert [t["id"] for t in tree] == [theme_id]
    parent = store_client.get(f"/v1/themes/{parent_id}").json()
    assert (parent["status"], parent["name"]) == ("retired", "Billing")
    assert {k: parent["lineage"][-1].get(k) for k in ("event", "reason")} == {
        "event": "retired", "reason": "no themes left"}  # fmt: skip
    assert parent["lineage"][-1]["by"]
    # moved back (an undo): the parent is back, with its name, and says so
    patch(store_client, theme_id, {"parent_id": parent_id})
    parent = store_client.get(f"/v1/themes/{parent_id}").json()
    assert (parent["status"], parent["name"]) == ("active", "Billing")
    assert parent["lineage"][-1]["event"] == "restored"
    tree = store_client.get("/v1/themes").json()["items"]
    assert [(t["id"], [c["id"] for c in t["children"]]) for t in tree] == [(parent_id, [theme_id])]


def test_a_parent_whose_themes_are_merged_away_is_relabelled_then_leaves(
    store_client: TestClient,
) -> None:
    """Merging a parent's theme into one elsewhere: the parent is named after the theme it has
    left ("calendar · invoice" named it still), and leaves the tree with its last."""
    parent_id = add_theme(store_client, "calendar · invoice", level="parent")
    calendar = add_theme(store_client, "calendar", axis=0, parent_id=parent_id)
    invoice = add_theme(store_client, "invoice", axis=1, parent_id=parent_id)
    login = add_theme(store_client, "login", axis=2)
    merged = store_client.post("/v1/themes/merge", json={"into": login, "sources": [calendar]})
    assert merged.status_code == 200, merged.text
    assert store_client.get(f"/v1/themes/{parent_id}").json()["name"] == "invoice"
    merged = store_client.post("/v1/themes/merge", json={"into": login, "sources": [invoice]})
    assert merged.status_code == 200, merged.text
    assert [t["id"] for t in store_client.get("/v1/themes").json()["items"]] == [login]
    parent = store_client.get(f"/v1/themes/{parent_id}").json()
    assert (parent["status"], parent["lineage"][-1]["event"]) == ("retired", "retired")


def test_a_refit_retires_a_named_parent_it_left_empty(store_client: TestClient) -> None:
    """A parent a person named is kept by a refit that does not find it, while a theme is under
    it; once the refit puts its last theme elsewhere it is retired too, its name kept."""
    parent_id = add_theme(store_client, "Billing", level="parent", axis=3, name_locked=True)
    theme_id = add_theme(store_client, "invoice · vat", parent_id=parent_id)
    refit_labelled(store_client, theme_id, "invoice · vat")  # found at the top level
    assert [t["id"] for t in store_client.get("/v1/themes").json()["items"]] == [theme_id]
    parent = store_client.get(f"/v1/themes/{parent_id}").json()
    assert (parent["status"], parent["name"]) == ("retired", "Billing")
    assert parent["lineage"][-1] == {**parent["lineage"][-1], "by": "refit",
                                     "reason": "no themes left"}  # fmt: skip


def test_a_refit_keeps_a_parent_a_person_moved_a_theme_under(store_client: TestClient) -> None:
    """A refit that does not find a parent again retired it while a theme a person moved under
    it stayed there: the theme showed at the top level, its parent_id a retired parent's. The
    parent stays, named after the theme it holds now."""
    parent_id = add_theme(store_client, "calendar · export", level="parent", axis=1)
    calendar = add_theme(store_client, "calendar", axis=1, parent_id=parent_id)
    theme_id = add_theme(store_client, "invoice · vat")
    patch(store_client, theme_id, {"parent_id": parent_id})  # a person's move
    summary = refit_labelled(store_client, theme_id, "invoice · vat")  # no parent, calendar not
    assert summary["parents"] == 1  # the kept parent counts, as the tree shows it
    tree = store_client.get("/v1/themes").json()["items"]
    assert [(t["id"], [c["id"] for c in t["children"]]) for t in tree] == [(parent_id, [theme_id])]
    parent = store_client.get(f"/v1/themes/{parent_id}").json()
    # its one theme's first words: its whole label made the two rows read the same
    assert (parent["status"], parent["name"]) == ("active", "invoice")
    assert store_client.get(f"/v1/themes/{calendar}").json()["status"] == "retired"
