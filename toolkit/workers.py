"""Long-lived worker processes that keep state between the steps of a run.

`toolkit check` and `toolkit verify` both run a map step (summarise each document), a
reduce step in this process (corpus-wide statistics and consistency), and a second map
step (check each document). A worker that keeps the documents it built in the first step
saves reading them again, which a plain process pool cannot do. This module holds what
the two have in common: starting the processes, exchanging messages, stopping them.
"""

from __future__ import annotations

from typing import Any, Callable


def collect_seldom() -> None:
    """Run the cyclic garbage collector less often (in a worker process, or in a command).
    A worker builds and drops many small objects and almost no reference cycles; at the
    default threshold (a pass every 700 allocations) the passes took a twentieth of its
    time."""
    import gc

    gc.set_threshold(50_000, 20, 20)


def serve_messages(conn: Any, setup: Callable[[], Callable[[Any], Any]]) -> None:
    """The worker side of `WorkerProcesses`: run `setup()` once, then answer each message
    on `conn` with ("ok", handle(message)), where `handle` is what setup returned, or
    ("error", traceback text) when it raises, until None arrives."""
    import traceback

    try:
        collect_seldom()
        handle = setup()
        while True:
            message = conn.recv()
            if message is None:
                return
            try:
                conn.send(("ok", handle(message)))
            except Exception:  # a bug, not bad input (the steps report that in their answer)
                conn.send(("error", traceback.format_exc()))
    except (EOFError, KeyboardInterrupt):
        return
    finally:
        conn.close()


class WorkerProcesses:
    """`count` processes running `serve(conn, *args)`; each answers ("ok", value) or
    ("error", traceback text) to every message, and stops on None."""

    what = "worker"  # used in error messages

    def __init__(self, count: int, serve: Callable[..., None], args: tuple):
        import multiprocessing

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        self.conns: list[Any] = []
        self.procs: list[Any] = []
        for _ in range(count):
            mine, theirs = context.Pipe()
            proc = context.Process(target=serve, args=(theirs, *args), daemon=True)
            proc.start()
            theirs.close()
            self.conns.append(mine)
            self.procs.append(proc)

    @staticmethod
    def forking() -> bool:
        """Whether workers are forked (and so inherit this process's state)."""
        import multiprocessing

        return "fork" in multiprocessing.get_all_start_methods()

    def receive(self, conn: Any) -> Any:
        """The answer on one worker's connection; a failure in the worker is raised here."""
        try:
            status, value = conn.recv()
        except EOFError:
            raise RuntimeError(f"a {self.what} process died") from None
        if status != "ok":
            raise RuntimeError(f"a {self.what} failed:\n{value}")
        return value

    def close(self, wait: bool = True) -> None:
        """Stop the worker processes; with `wait`, until they have ended (without, they end
        on their own while this process goes on, and multiprocessing reaps them)."""
        for conn in self.conns:
            try:
                conn.send(None)
            except OSError:
                pass
            conn.close()
        for proc in self.procs if wait else ():
            proc.join(timeout=10)
            if proc.is_alive():
                proc.terminate()
        self.conns, self.procs = [], []

    def __enter__(self):
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
