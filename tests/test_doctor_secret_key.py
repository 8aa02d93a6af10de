"""`boucle doctor` checks the key that seals webhook secrets: where it comes from, a key file
that cannot be read or holds no key, and secrets the key does not open (a key changed since
they were sealed: every webhook stops signing). It said nothing of it: `healthy: true` while
no webhook could sign. The key is never printed."""

import json
from pathlib import Path

from api.cli import main
from api.ops.doctor import check
from api.ops.sealing_key import check_sealing_key
from api.settings import Settings
from api.webhooks.schemas import WebhookIn
from api.webhooks.service import add_webhook
from api.workspace import open_database
from tests.test_sealed_webhook_secrets import OTHER_KEY
from tests.test_webhook_subscriptions import SECRET


def hook(db, n: int = 1) -> int:
    wanted = WebhookIn(url=f"https://desk.acme.com/hook/{n}", events=["feedback.analysed"],
                       secret=SECRET)  # fmt: skip
    return add_webhook(db, wanted, actor="test").id


def test_doctor_reports_the_key_and_secrets_it_does_not_open(workspace) -> None:
    made = hook(workspace.db)
    report = check(workspace)
    assert report.healthy
    assert report.summary()["secret_key"] == {"source": "file", "problem": None,
                                              "sealed_secrets": 1, "unreadable_secrets": []}  # fmt: skip

    # BOUCLE_SECRET_KEY set since: the file's key sealed them, the setting's opens nothing
    changed = workspace.settings.model_copy(update={"secret_key": OTHER_KEY})
    found = check_sealing_key(changed, workspace.db)
    assert (found.source, found.unreadable, found.healthy) == ("env", [made], False)
    said = "\n".join(found.advice)
    assert f"the secrets of webhooks {made} do not open with the key in BOUCLE_SECRET_KEY" in said
    assert "set back the key they were sealed with" in said and "boucle webhooks remove" in said
    assert "which BOUCLE_SECRET_KEY replaced: set BOUCLE_SECRET_KEY to that file's text" in said
    file_key = (workspace.settings.data_dir / "secret.key").read_text().strip()
    assert OTHER_KEY not in said and file_key not in said


def test_a_key_file_that_cannot_be_read_or_holds_no_key(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", worker=False)
    db = open_database(settings)
    try:
        assert check_sealing_key(settings, db).healthy  # nothing sealed: no key needed yet
        assert not (settings.data_dir / "secret.key").exists()  # and none made by the check
        hook(db)
        key = settings.data_dir / "secret.key"
        for damage, words in (
            (lambda: key.write_text("\n"), "holds 0 characters, not a key (32 at least)"),
            (lambda: key.write_text("3f9a0c"), "holds 6 characters, not a key"),
            (lambda: key.write_bytes(b"\xff\xfe\x00k"), "is not text"),
            (lambda: (key.unlink(), key.mkdir()), "cannot be read (Is a directory)"),
            (lambda: key.rmdir(), "is missing while webhook secrets are sealed"),
        ):
            damage()
            found = check_sealing_key(settings, db)
            assert found.problem and words in found.problem, (words, found.problem)
            assert found.source == "file" and found.sealed == 1 and not found.healthy
            assert found.advice == [found.problem]
    finally:
        db.close()


def test_boucle_doctor_says_what_to_do_when_the_key_changed(
    settings: Settings, share_with_cli, monkeypatch, capsys, tmp_path: Path
) -> None:
    db = open_database(settings)
    made = hook(db)
    db.close()
    share_with_cli(settings)
    assert main(["doctor"]) == 0
    out, _ = capsys.readouterr()
    assert json.loads(out)["secret_key"]["unreadable_secrets"] == []
    assert main(["backup", str(tmp_path / "backup")]) == 0

    monkeypatch.setenv("BOUCLE_SECRET_KEY", OTHER_KEY)
    share_with_cli(settings)  # settings read again, with the new key
    # a restore under it did its work, names the webhooks its key does not open, and exits 1 as
    # its report says: it exited 0 beside "healthy": false
    assert main(["restore", str(tmp_path / "backup"), "--force"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out.splitlines()[-1])["healthy"] is False  # after the backup's manifest
    assert f"the secrets of webhooks {made} were sealed with another key" in err
    assert err.endswith("the backup is restored, but the workspace is not healthy (see above): "
                        "exit 1\n"), err  # fmt: skip
    assert main(["doctor"]) == 1
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["healthy"] is False
    assert report["secret_key"] == {"source": "env", "problem": None, "sealed_secrets": 1,
                                    "unreadable_secrets": [made]}  # fmt: skip
    assert f"boucle doctor: the secrets of webhooks {made} do not open" in err
    file_key = (settings.data_dir / "secret.key").read_text().strip()
    assert OTHER_KEY not in out + err and file_key not in out + err
