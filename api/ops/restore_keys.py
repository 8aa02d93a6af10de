"""API keys through a restore: the union of the workspace's keys and the backup's. Reloading
the backup's alone brought back keys revoked since it was made (a leaked key worked again) and
dropped the keys made since (with none left, the API opened again on loopback)."""

from dataclasses import dataclass

from sqlalchemy import func, select

from api.storage.key_tables import ApiKey

KEYS = ApiKey.__table__


@dataclass
class KeptKeys:
    kept: int = 0  # made since the backup (or absent from it): added back
    revoked_again: int = 0  # live in the backup, revoked in the workspace

    def summary(self) -> dict:
        return {"kept": self.kept, "revoked_again": self.revoked_again}


def merge_keys(connection, own: list) -> KeptKeys:
    """Add the workspace's keys, read before the wipe, to the backup's just loaded, matched by
    digest: a key revoked in either stays revoked, at its first revocation time, under the
    workspace's name (a revoked key gave its name up to a newer one)."""
    result = KeptKeys()
    loaded = {row.digest: row for row in connection.execute(select(KEYS)).all()}
    for key in own:  # the backup's keys first: the names they give up go to the new ones
        same = loaded.get(key["digest"])
        if same is None:
            continue
        revoked = [t for t in (same.revoked_at, key["revoked_at"]) if t is not None]
        result.revoked_again += bool(revoked) and same.revoked_at is None
        values = {"name": key["name"], "revoked_at": min(revoked) if revoked else None}
        connection.execute(KEYS.update().where(KEYS.c.id == same.id).values(**values))
    for key in own:
        if key["digest"] not in loaded:
            connection.execute(KEYS.insert(), [free_slot(connection, dict(key))])
            result.kept += 1
    return result


def free_slot(connection, key: dict) -> dict:
    """`key` with an id and a name no loaded key holds: a backup of another workspace may use
    them; a clashing name is kept as "name#id", as `boucle keys create` renames a revoked one."""
    if connection.execute(select(KEYS.c.id).where(KEYS.c.id == key["id"])).first():
        key["id"] = connection.execute(select(func.coalesce(func.max(KEYS.c.id), 0))).scalar() + 1
    if connection.execute(select(KEYS.c.id).where(KEYS.c.name == key["name"])).first():
        key["name"] = f"{key['name'][:90]}#{key['id']}"
    return key
