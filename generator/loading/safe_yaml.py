"""Safe YAML parsing with the line of every value.

Content files come from editors and importers: no aliases (a "billion laughs"), no absurd
nesting, dates left as text, and every value's line kept for messages. libyaml parses where
it can, for speed; the checked Python composer gives the messages users see.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..i18n import _
from .errors import ContentError, ContentErrors

MAX_FILE_BYTES = 8 * 1024 * 1024
YamlPath = tuple[Any, ...]  # where a value sits in a file: keys and list indexes from the top


MAX_DEPTH = 40  # real plans nest about 8 deep; deeper is a broken file, not a plan


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text and refuses aliases and absurd nesting.

    Content files have no use for `*alias` references: refusing them keeps a file from
    referring to itself (endless recursion) or multiplying itself (a "billion laughs").
    """

    depth = 0

    class Refused(yaml.composer.ComposerError):
        """A construct YAML allows but content files may not use."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise self.Refused(None, None, _("uses the alias *{anchor}: write the value out in full").format(anchor=event.anchor),
                               event.start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise self.Refused(None, None, _("nests values more than {depth} levels deep: "
                                     "check the indentation").format(depth=MAX_DEPTH), self.peek_event().start_mark)
            return yaml.composer.Composer.compose_node(self, parent, index)
        finally:
            self.depth -= 1


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_FastLoader: type | None = None  # the loaders below, when PyYAML was built with libyaml
_ComposingLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser

    class _CFastLoader(yaml.composer.Composer, CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        """_Loader with libyaml's scanner and parser: six times faster on a thousand plans.

        Composing (where aliases and nesting are refused) stays _Loader's Python code."""

        depth = 0
        Refused = _Loader.Refused
        compose_node = _Loader.compose_node
        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    class _CComposingLoader(CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        """libyaml composes as well: three times faster again, for files `_composable_in_c` lets through.

        Its composer expands nothing but shares an aliased node, and recurses on the C stack."""

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _FastLoader, _ComposingLoader = _CFastLoader, _CComposingLoader


_DEEP_BLOCK = re.compile(r"^[ \t]{200}|^[ \t]*(?:[-?][ \t]+){4}", re.MULTILINE)  # far deeper than any plan
_FLOW_BRACKET = re.compile(r"[\[\]{}]")


def _composable_in_c(text: str) -> bool:
    """No `&` or `*` (so no anchor or alias) and nesting far from what could exhaust the C stack.

    Conservative: a file that fails this (an asterisk in a task's text is enough) is composed
    by _Loader's Python code, which refuses aliases and nesting beyond MAX_DEPTH with a message.
    """
    if "&" in text or "*" in text or _DEEP_BLOCK.search(text):
        return False
    depth = 0
    for bracket in _FLOW_BRACKET.findall(text):  # quoted brackets only make this more cautious
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_DEPTH:
            return False
    return True


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]  # keys count as _Loader counts them
    if isinstance(node, yaml.SequenceNode):
        return node.value
    return []


def _deeper_than(node: yaml.Node, limit: int) -> bool:
    """Whether values nest more than `limit` levels, counted level by level (no recursion)."""
    level = [node]
    for _level in range(limit):
        level = [child for parent in level for child in _children(parent)]
        if not level:
            return False
    return True


def _line_map(node: yaml.Node, path: YamlPath, lines: dict[YamlPath, int], duplicates: list[tuple[str, int]]) -> None:
    """Record the line of every value; note keys written twice in one mapping (YAML keeps the last)."""
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if path + (key,) in lines and isinstance(key, str):
                duplicates.append((key, line))
            lines[path + (key,)] = line
            _line_map(value_node, path + (key,), lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, path + (index,), lines, duplicates)


def _parse(text: str) -> tuple[Any, yaml.Node | None]:
    """Parse with libyaml when it is there; a file it refuses is parsed again by _Loader,
    whose messages and lines are the ones users see."""
    if _ComposingLoader is not None and _composable_in_c(text):
        try:
            data, node = _parse_with(_ComposingLoader, text)
            if node is None or not _deeper_than(node, MAX_DEPTH):
                return data, node
        except (yaml.YAMLError, ValueError, OverflowError):
            pass
    if _FastLoader is not None:
        try:
            return _parse_with(_FastLoader, text)
        except (yaml.YAMLError, ValueError, OverflowError):
            pass
    return _parse_with(_Loader, text)


def _parse_with(loader_class, text: str) -> tuple[Any, yaml.Node | None]:
    """Compose and construct one YAML document in a single pass."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def _open_quote(text: str, error: yaml.MarkedYAMLError) -> int | None:
    """The line where a quoted value began when the error lies where a missing closing quote put it.

    YAML reports where it gave up: a quote left open on line 5 runs on to the next quote, maybe
    on line 52, and the error names line 52. An unclosed quote at the end of the file is the
    scanner's context; otherwise the last quoted value before the error, if it spans lines
    and ends on the error's line, is the one left open.
    """
    if error.context == "while scanning a quoted scalar" and error.context_mark is not None:
        return error.context_mark.line + 1
    problem = error.problem_mark
    if problem is None:
        return None
    scanner = yaml.SafeLoader(text)
    last = None
    try:
        while scanner.check_token():
            token = scanner.get_token()
            if token.end_mark.index > problem.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                last = token
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    if last is not None and last.start_mark.line < last.end_mark.line == problem.line:
        return last.start_mark.line + 1
    return None


def read_yaml(path: Path, display: str) -> tuple[Any, dict[YamlPath, int]]:
    """Parse one YAML file; raise ContentErrors naming the file and line on any problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentErrors([ContentError(display, None, _("cannot be read ({reason})").format(reason=exc.strerror))]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ContentErrors(
            [ContentError(display, None, _("is {size} MB; content files are limited to "
                            "{limit} MB: split the plan or remove what is not its text").format(
                              size=len(raw) // 1024 // 1024, limit=MAX_FILE_BYTES // 1024 // 1024))]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line: int | None = raw[: exc.start].count(b"\n") + 1
        raise ContentErrors(
            [ContentError(display, line, _("is not UTF-8 text: save it as UTF-8 (GB18030 files: "
                            "`iconv -f GB18030 -t UTF-8`)"))]
        ) from None
    if not text.strip():
        raise ContentErrors([ContentError(display, None, _("is empty: write the content or delete the file"))])
    try:
        data, node = _parse(text)
    except _Loader.Refused as exc:
        raise ContentErrors([ContentError(display, exc.problem_mark.line + 1 if exc.problem_mark else None,
                                          exc.problem or "")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or _("bad YAML")
        opened = _open_quote(text, exc)
        if opened is not None and line is not None and opened < line:
            raise ContentErrors([ContentError(display, opened, _(
                "is not valid YAML: the quoted value that starts on this line is not closed on it, so YAML "
                "read on to line {line} ({problem}): close the quote").format(line=line, problem=problem))]) from None
        raise ContentErrors(
            [ContentError(display, line, _("is not valid YAML ({problem}): check indentation, quotes and colons").format(problem=problem))]
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise ContentErrors([ContentError(display, line, _("holds a control character (#x{code}) "
                                            "that YAML does not allow: delete it").format(code=f"{char:04x}"))]) from None
    except (yaml.YAMLError, ValueError, OverflowError) as exc:  # e.g. an integer of 5,000 digits
        raise ContentErrors([ContentError(display, None, _("is not valid content ({reason})").format(reason=exc))]) from None
    lines: dict[YamlPath, int] = {}
    duplicates: list[tuple[str, int]] = []
    if node is not None:
        _line_map(node, (), lines, duplicates)
    if duplicates:
        raise ContentErrors([ContentError(display, line, _("`{key}` is written twice in the same place: keep one").format(key=key))
                             for key, line in duplicates])
    return data, lines
