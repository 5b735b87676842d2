"""What ``/metrics`` shows: requests by status, render times, cache hits, the queue."""

from __future__ import annotations

import os
from typing import Any

__all__ = ["Metrics", "StatusCounts", "exposition"]


class Metrics:
    """The Prometheus metrics of one app."""

    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

        self.registry = CollectorRegistry()  # one per app: tests make many apps
        self.requests = Counter(
            "sharekit_requests", "HTTP requests by status", ["status"], registry=self.registry
        )
        self.render_seconds = Histogram(
            "sharekit_render_seconds",
            "Card render time in the worker",
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20),
            registry=self.registry,
        )
        self.cache_hits = Counter(
            "sharekit_card_cache_hits", "Cards answered from the LRU", registry=self.registry
        )
        self.cache_misses = Counter(
            "sharekit_card_cache_misses", "Cards that had to be rendered", registry=self.registry
        )
        self.queue_depth = Gauge(
            "sharekit_render_queue_depth",
            "Renders waiting for a worker",
            registry=self.registry,
            multiprocess_mode="livemax",  # several HTTP processes: the deepest any saw last
        )


def exposition(registry: Any) -> bytes:
    """``/metrics``' text: this app's registry, or with several HTTP processes
    (``PROMETHEUS_MULTIPROC_DIR`` set by ``_processes``) every process's, summed."""
    from prometheus_client import CollectorRegistry, generate_latest

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return bytes(generate_latest(registry))


class StatusCounts:
    """Answers by status: ``/metrics``, and ``counts`` (``app.state.requests``) for tests."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics
        self.counts: dict[int, int] = {}
        self._children: dict[int, Any] = {}  # labels() takes a lock and a lookup each time

    def add(self, status: int) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1
        child = self._children.get(status)
        if child is None:
            child = self._children[status] = self.metrics.requests.labels(str(status))
        child.inc()
