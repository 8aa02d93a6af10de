"""Which process runs the background worker. Under `serve --workers N` every process starts a
worker thread, and `boucle worker` may run beside them: on PostgreSQL only the holder of a
session-level advisory lock (one per schema) ticks, the others stand by and try again every
TAKEOVER_EVERY_S, so one takes over when the holder stops or loses its connection. `boucle worker
--once` takes the same lock, or refuses when another process holds it. SQLite is served by one
process: its worker always runs."""

import contextlib
import logging
import os
import socket
import time

from sqlalchemy import Connection, text
from sqlalchemy.exc import InterfaceError, OperationalError, PendingRollbackError

from api.failures import failure_summary
from api.storage.db import Database

log = logging.getLogger("boucle.worker")
TAKEOVER_EVERY_S = 60.0
# advisory locks are per database: the schema in the key lets workspaces share one
LOCK_KEY = "hashtext('boucle:worker:' || current_schema())"
# a session lost (the server restarted, pg_terminate_backend): the first call says so, the next
# ones on the same connection that its transaction awaits a rollback
GONE = (OperationalError, InterfaceError, PendingRollbackError)


class WorkerTurn:
    def __init__(self, db: Database, retry_s: float = TAKEOVER_EVERY_S) -> None:
        self.db = db
        self.retry_s = retry_s
        self.held: Connection | None = None  # the connection whose session holds the lock
        self.tried_at = float("-inf")
        self.said_standby = False

    def mine(self) -> bool:
        """Whether this process runs the worker now: the lock still held, or just taken."""
        if self.db.dialect != "postgresql":
            return True
        if self.held is not None:
            if self.still_held():
                return True
            self.tried_at = float("-inf")  # lost it: try again at once, another may have it
        if time.monotonic() - self.tried_at < self.retry_s:
            return False
        self.tried_at = time.monotonic()
        return self.take()

    def still_held(self) -> bool:
        """The session that took the lock is alive (a dead one released it on the server)."""
        try:
            self.held.exec_driver_sql("SELECT 1")
            self.held.commit()
            return True
        except GONE as error:
            log.warning("worker: the connection holding the worker's turn is gone (%s); "
                        "taking it again", failure_summary(error))  # fmt: skip
            self.release()
            return False

    def lock(self) -> Connection | None:
        """A session holding the lock, or None when another holds it; raises when the
        database cannot be asked."""
        connection = self.db.engine.connect()
        try:
            connection.detach()  # closed for real when released: the pool would keep the lock
            taken = connection.scalar(text(f"SELECT pg_try_advisory_lock({LOCK_KEY})"))
            connection.commit()
        except BaseException:
            connection.close()
            raise
        if not taken:
            connection.close()
            return None
        return connection

    def take_once(self) -> bool:
        """`boucle worker --once`: whether it is this process's turn, taken now without standing
        by (False: another process runs the worker); a database that cannot be asked raises."""
        if self.db.dialect != "postgresql":
            return True
        self.held = self.held or self.lock()
        return self.held is not None

    def take(self) -> bool:
        try:
            connection = self.lock()
        except (OperationalError, InterfaceError) as error:
            log.warning("worker: cannot ask whose turn it is to run the worker (%s); retrying "
                        "in %.0f s", failure_summary(error), self.retry_s)  # fmt: skip
            return False
        if connection is None:
            if not self.said_standby:
                log.info("another process runs the background worker; this one (pid %d on %s) "
                         "stands by to take over", os.getpid(), socket.gethostname())  # fmt: skip
                self.said_standby = True
            return False
        self.held, self.said_standby = connection, False
        log.info("this process (pid %d on %s) runs the background worker",
                 os.getpid(), socket.gethostname())  # fmt: skip
        return True

    def release(self) -> None:
        """Unlocks, then closes the session; another process takes the turn at its next try.
        Closing alone frees the lock only once the server's backend has exited, a moment later:
        a process asking at once could still find it taken."""
        if self.held is not None:
            held, self.held = self.held, None
            with contextlib.suppress(*GONE):  # gone: the server freed the lock with it
                if not held.invalidated:
                    held.scalar(text(f"SELECT pg_advisory_unlock({LOCK_KEY})"))
                    held.commit()
            with contextlib.suppress(*GONE):
                held.rollback()  # a transaction the loss cut short: closing needs it ended
                held.close()
