"""schema.org's own vocabulary (tests/data/schemaorg/, release 30.0), read for the tests.

:data:`VOCABULARY` has the shape the JSON-LD checks use: ``classes`` (name ->
its ``rdfs:subClassOf`` parents) and ``properties`` (name -> ``domain`` and
``range``, schema.org's ``domainIncludes`` and ``rangeIncludes``), plus
``superseded`` (terms schema.org has replaced). :func:`check_graph` checks
one page's ``@graph``; :func:`expand` runs pyld on it against the local copy
of schema.org's context (no network).
"""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path
from typing import Any

__all__ = ["VOCABULARY", "ancestors", "check_graph", "expand"]

DATA = Path(__file__).parent / "data" / "schemaorg"


def _ids(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value] if value else []
    return [item["@id"].removeprefix("schema:") for item in items if isinstance(item, dict)]


def _load() -> dict[str, Any]:
    with gzip.open(DATA / "schemaorg-current-https.jsonld.gz", "rt", encoding="utf-8") as file:
        graph = json.load(file)["@graph"]
    classes: dict[str, list[str]] = {}
    properties: dict[str, dict[str, list[str]]] = {}
    superseded: set[str] = set()
    for node in graph:
        name = str(node["@id"]).removeprefix("schema:")
        kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "schema:supersededBy" in node:
            superseded.add(name)
        if "rdf:Property" in kinds:
            properties[name] = {
                "domain": _ids(node.get("schema:domainIncludes")),
                "range": _ids(node.get("schema:rangeIncludes")),
            }
        elif "rdfs:Class" in kinds or "schema:DataType" in kinds:
            classes[name] = _ids(node.get("rdfs:subClassOf"))
    return {"classes": classes, "properties": properties, "superseded": superseded}


VOCABULARY = _load()


@functools.cache
def ancestors(cls: str) -> frozenset[str]:
    """``cls`` and every class above it."""
    seen = {cls}
    for parent in VOCABULARY["classes"].get(cls, []):
        seen |= ancestors(parent)
    return frozenset(seen)


# What a plain JSON value may stand for (schema.org's data types).
_LITERAL_RANGES = {"Text", "URL", "Date", "DateTime", "Time", "Number", "Integer", "Duration"}


def check_graph(block: dict[str, Any]) -> int:
    """Every node's type and every property exist in schema.org's vocabulary, each property
    belongs to its node's type (domainIncludes), each typed value or ``@id`` reference is of
    a type the property allows (rangeIncludes), and every reference resolves. Returns the
    number of properties checked."""
    assert block["@context"] == "https://schema.org"
    named = list(_named(block["@graph"]))  # top-level nodes and nested ones with an @id
    nodes = {node["@id"]: node for node in named}
    assert len(nodes) == len(named), "an @id is repeated"
    return sum(_check_node(node, nodes) for node in block["@graph"])


def _named(value: Any) -> Any:
    if isinstance(value, list):
        for item in value:
            yield from _named(item)
    elif isinstance(value, dict):
        if "@id" in value and "@type" in value:
            yield value
        for item in value.values():
            yield from _named(item)


def _check_node(node: dict[str, Any], nodes: dict[str, Any]) -> int:
    kind = node["@type"]
    assert kind in VOCABULARY["classes"], f"{kind} is not a schema.org type"
    assert kind not in VOCABULARY["superseded"], f"{kind} is superseded"
    kinds = ancestors(kind)
    checked = 0
    for name, value in node.items():
        if name.startswith("@"):
            continue
        assert name in VOCABULARY["properties"], f"{name} is not a schema.org property"
        assert name not in VOCABULARY["superseded"], f"{name} is superseded"
        prop = VOCABULARY["properties"][name]
        assert kinds & set(prop["domain"]), f"{name} is not a property of {kind}"
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and set(item) == {"@id"}:
                assert item["@id"] in nodes, f"{name}: {item['@id']} resolves to no node"
                target = nodes[item["@id"]]["@type"]
                assert ancestors(target) & set(prop["range"]), (name, target)
            elif isinstance(item, dict):
                assert ancestors(item["@type"]) & set(prop["range"]), (name, item["@type"])
                checked += _check_node(item, nodes)
            elif isinstance(item, bool):
                assert "Boolean" in prop["range"], name
            elif isinstance(item, int):
                # a count, or pixels where schema.org expects a Distance/QuantitativeValue
                # (ImageObject width and height as Google's examples write them)
                ranges = {c for r in prop["range"] for c in ancestors(r)}
                assert ranges & {"Number", "Integer", "Quantity", "QuantitativeValue"}, name
            elif not _LITERAL_RANGES & {c for r in prop["range"] for c in ancestors(r)}:
                # schema.org's data model lets a URL stand for a Thing it expects (Google's
                # BreadcrumbList "item" is one); any other text there is a mistake
                assert isinstance(item, str) and item.startswith("https://"), (name, item)
        checked += 1
    return checked


@functools.cache
def _context() -> dict[str, Any]:
    with gzip.open(DATA / "schemaorgcontext.jsonld.gz", "rt", encoding="utf-8") as file:
        data: dict[str, Any] = json.load(file)
    return data


def _loader(url: str, options: Any = None) -> dict[str, Any]:
    """pyld's document loader: schema.org's context from the local copy, nothing else."""
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise AssertionError(f"pyld asked for {url}: the graph must need nothing but schema.org")
    return {"contextUrl": None, "documentUrl": url, "document": _context()}


def expand(block: dict[str, Any]) -> list[dict[str, Any]]:
    """The graph expanded by pyld (a JSON-LD 1.1 processor), offline."""
    from pyld import jsonld

    expanded: list[dict[str, Any]] = jsonld.expand(block, {"documentLoader": _loader})
    return expanded
