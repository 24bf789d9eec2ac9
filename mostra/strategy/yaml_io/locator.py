"""Which line of the file each part of the document comes from."""

from __future__ import annotations

from collections.abc import Sequence

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# ---------------------------------------------------------------------------
# Lines


class Locator:
    """Finds the line where a path of keys and indexes starts in the file."""

    def __init__(self, root: Node | None) -> None:
        self.root = root

    def line(self, path: Sequence[str | int]) -> int | None:
        """The line of the deepest element of ``path`` present in the file.

        A key's own line is given for mapping entries (where "key:" is written), so that a
        missing key points at its parent and an unknown key at itself.
        """
        node = self.root
        if node is None:
            return None
        line = node.start_mark.line + 1
        for part in path:
            if isinstance(node, MappingNode):
                entry = next(
                    (
                        (k, v)
                        for k, v in node.value
                        if isinstance(k, ScalarNode) and k.value == str(part)
                    ),
                    None,
                )
                if entry is None:
                    break
                line = entry[0].start_mark.line + 1
                node = entry[1]
            elif (
                isinstance(node, SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line
