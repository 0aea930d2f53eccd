"""The workspace as the committee app reads and writes it: one writer thread, a few reader threads.

Every change runs in the single writer thread, in one `BEGIN IMMEDIATE` transaction
with its activity-log entry, so twenty members clicking at once queue up instead of
overwriting each other, and a killed server leaves either the whole change or none
of it (SQLite's WAL journal). Reads run in their own threads on their own
connections. Each thread holds a Pipeline bound to its connection, so the app uses
the pipeline's own stages, rules and tally methods.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

from ..pipeline import Pipeline
from ..workspace.db import open_workspace


class Store:
    def __init__(self, edition, pm, *, readers: int = 4):
        self.edition = edition
        self.pm = pm
        self._local = threading.local()
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="nrikit-committee-write")
        self._readers = ThreadPoolExecutor(readers, thread_name_prefix="nrikit-committee-read")
        self._opened = []
        self._lock = threading.Lock()

    def _pipeline(self) -> Pipeline:
        pipeline = getattr(self._local, "pipeline", None)
        if pipeline is None:
            db = open_workspace(self.edition.workspace, pm=self.pm, create=False, check_same_thread=False)
            pipeline = self._local.pipeline = Pipeline(self.edition, pm=self.pm, db=db)
            with self._lock:
                self._opened.append(db)
        return pipeline

    def _read(self, fn):
        pipeline = self._pipeline()
        return fn(pipeline.db, pipeline)

    def _write(self, fn):
        pipeline = self._pipeline()
        conn = pipeline.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = fn(pipeline.db, pipeline)
        except BaseException:
            if conn.in_transaction:  # a trigger's RAISE(ABORT) may already have ended it
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return result

    async def read(self, fn):
        """fn(db, pipeline) in a reader thread."""
        return await asyncio.get_running_loop().run_in_executor(self._readers, self._read, fn)

    async def write(self, fn):
        """fn(db, pipeline) in the writer thread, in one transaction: all of it lands, or none."""
        return await asyncio.get_running_loop().run_in_executor(self._writer, self._write, fn)

    def close(self):
        self._writer.shutdown(wait=True)
        self._readers.shutdown(wait=True)
        with self._lock:
            for db in self._opened:
                # Each connection served one thread only; those threads are gone now.
                with contextlib.suppress(sqlite3.Error):
                    db.close()
            self._opened.clear()
