"""Garbage collection in the app server's workers: long-lived objects out of its way.

A worker holds over a million objects that live as long as it does (Django, Wagtail, their
compiled templates, URL patterns, translations). CPython's full collection visits every one
of them: with the 20,000-document library it ran about every twenty page-explorer requests
and took 140–150 ms, which was most of the gap between the explorer's median (260 ms) and
its 95th percentile (420 ms) (docs/benchmarks.md). ``gc.freeze()`` moves the objects alive at
that moment into a permanent generation that collections skip; full collections then took
15–40 ms. It is Python's advice for forking servers too (``gc.freeze`` in the library's
documentation): frozen objects are not written by the collector, so the workers keep sharing
the preloaded app's memory pages with the master.

Two moments, both in ``gunicorn.conf.py``: in the master, once the app is preloaded and
before each worker is forked; and in each worker once it is warm (its first requests load
the admin's templates and the like), after a full collection so that no garbage of those
requests is frozen with them. Test processes and ``manage.py`` commands never freeze.
"""

import gc

WARM_AFTER_REQUESTS = 20


def freeze_long_lived() -> None:
    """Collect what is garbage now, then freeze whatever is still alive."""
    gc.collect()
    gc.freeze()


class FreezeWhenWarm:
    """Freezes once, after the process has served ``after`` requests."""

    def __init__(self, after: int = WARM_AFTER_REQUESTS):
        self.after = after
        self.served = 0

    def request_done(self) -> bool:
        """Count one request; returns whether this one froze."""
        self.served += 1
        if self.served != self.after:
            return False
        freeze_long_lived()
        return True


worker_warmth = FreezeWhenWarm()
