"""Field masks (`fields=sheets(properties(title,sheetId))`, `gridProperties.rowCount`, `*`).

Used for the `fields` query parameter of spreadsheets.get (honoured loosely: selection only) and
for the `fields` of batchUpdate requests (which parts of a request are applied).
"""

from __future__ import annotations

ALL = "*"


def parse(mask: str) -> dict:
    """A mask as a tree: {name: subtree}; an empty subtree selects the whole field."""
    tree: dict = {}
    _parse_list(mask.replace(" ", ""), 0, tree)
    return tree


def _parse_list(text: str, pos: int, tree: dict) -> int:
    while pos < len(text):
        start = pos
        while pos < len(text) and text[pos] not in ",()":
            pos += 1
        path = text[start:pos]
        node = tree
        if path:
            for part in path.split("."):
                node = node.setdefault(part, {})
        if pos < len(text) and text[pos] == "(":
            pos = _parse_list(text, pos + 1, node)
            if pos < len(text) and text[pos] == ")":
                pos += 1
        if pos < len(text) and text[pos] == ",":
            pos += 1
            continue
        if pos < len(text) and text[pos] == ")":
            return pos
    return pos


def select(data, tree: dict):
    """Keep only the selected fields of data (lists are filtered element by element)."""
    if not tree or ALL in tree:
        return data
    if isinstance(data, list):
        return [select(item, tree) for item in data]
    if not isinstance(data, dict):
        return data
    return {k: select(data[k], sub) for k, sub in tree.items() if k in data}


def covers(tree: dict, path: str) -> bool:
    """Whether the mask selects `path` (a dotted field) or part of it."""
    if ALL in tree:
        return True
    node = tree
    for part in path.split("."):
        if part not in node:
            return False
        node = node[part]
        if not node:
            return True
    return True  # the mask names a sub-field of path


def leaves(tree: dict, prefix: str = "") -> list[str]:
    """The dotted paths a mask selects."""
    out = []
    for name, sub in tree.items():
        path = f"{prefix}.{name}" if prefix else name
        out.extend(leaves(sub, path) if sub else [path])
    return out
