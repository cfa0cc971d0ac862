"""Property tests: whatever an editor writes, the loader answers with content or ContentErrors.

Hypothesis writes YAML text, raw bytes and data shaped like plans (mostly right, with wrong
types, missing or unknown keys mixed in) into a copy of the mini content. Loading must either
succeed or raise ContentErrors whose every entry names a file; any other exception is a
crash an editor would see as a traceback. Plans the validator accepts must also build.
"""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import build, gate
from generator.loading import ContentErrors, link, read_content
from helpers import MINI_CONTENT, ROOT

PLAN = "plans/alpha-2023.yaml"
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text an editor (or a hostile source) might put anywhere: YAML and HTML syntax, CJK, controls.
YAML_ALPHABET = st.sampled_from(list(":-[]{}&*!|>'\"#%@`,?\n\t ~.0123456789abcdefxyz一（）、。“”\\<>=/"))
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-10**9, 10**9), st.floats(), TEXT)
ANY = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
                   max_leaves=8)


@contextmanager
def mini_copy():
    folder = Path(tempfile.mkdtemp(prefix="prop-"))
    try:
        shutil.copytree(MINI_CONTENT, folder / "content")
        yield folder / "content"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def load_or_report(content: Path):
    """The loader's contract: a linked Content, or ContentErrors that each name a file."""
    try:
        return link(read_content(content))
    except ContentErrors as exc:
        assert exc.errors, "ContentErrors without an error"
        assert all(error.file.startswith("content/") for error in exc.errors), exc
        return None


@SETTINGS
@given(st.text(YAML_ALPHABET, max_size=200))
def test_any_yaml_text_loads_or_is_reported(text):
    with mini_copy() as content:
        (content / PLAN).write_text(text, encoding="utf-8")
        load_or_report(content)


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes_load_or_are_reported(data):
    with mini_copy() as content:
        (content / PLAN).write_bytes(data)
        load_or_report(content)


@SETTINGS
@given(ANY)
def test_any_yaml_document_loads_or_is_reported(data):
    with mini_copy() as content:
        (content / PLAN).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        load_or_report(content)


def mostly(valid: st.SearchStrategy) -> st.SearchStrategy:
    """Usually the right shape, sometimes any value at all."""
    return st.one_of(valid, valid, valid, ANY)


def plan_shaped(words: st.SearchStrategy, units: list[str], themes: list[str], broken: bool) -> st.SearchStrategy:
    """Data shaped like a plan; with `broken`, any field may hold a wrong value."""
    pick = mostly if broken else (lambda s: s)
    roles = st.sampled_from(["lead", "responsible", "supporting"])

    @st.composite
    def leaf(draw):
        task = {"label": draw(pick(st.sampled_from(["（一）", "（二）", "1.", "2.", "三是", "①"])))}
        if draw(st.booleans()):
            task["title"] = draw(pick(words))
        if draw(st.booleans()) or "title" not in task:
            task["text"] = draw(pick(words))
            names = draw(st.lists(st.sampled_from(units), unique=True, max_size=2))
            if names:
                task["note"] = draw(pick(st.just(f"（{'、'.join(names)}按职责分工负责）")))
                task["units"] = [{"name": draw(pick(st.just(n))), "role": draw(pick(roles))} for n in names]
        if draw(st.booleans()):
            task["themes"] = {"add": draw(st.lists(st.sampled_from(themes), max_size=2)),
                              "remove": draw(st.lists(st.sampled_from(themes), max_size=1))}
        return task

    task = st.recursive(leaf(), lambda inner: st.fixed_dictionaries(
        {"label": pick(st.sampled_from(["（三）", "（四）", "3.", "4."])), "title": pick(words)},
        optional={"items": pick(st.lists(inner, max_size=2))}), max_leaves=4)
    section = st.fixed_dictionaries(
        {"label": pick(st.sampled_from(["一、", "二、", "六、"])), "title": pick(words)},
        optional={"tasks": pick(st.lists(task, max_size=3)), "paragraphs": pick(st.lists(words, max_size=2))})
    notice = st.fixed_dictionaries({}, optional={
        key: pick(st.one_of(st.none(), words)) for key in
        ("issuer_mark", "doc_number", "title", "addressees", "body", "signatory", "annotation", "copied_to",
         "printed_by")} | {"date_signed": pick(st.sampled_from([None, "2023-03-01", "2023-02-30", "2023"]))})
    source = {"file": "alpha.txt", "sha256": "b82201004bb12badf916a4a73ca8546ef08ad5ad3cfceb2b772f7de91c13ea06"}
    return st.fixed_dictionaries(
        {"id": pick(st.just("alpha-2023")), "jurisdiction": pick(st.just("alpha")),
         "source": pick(st.just(source)), "sections": pick(st.lists(section, min_size=1, max_size=2))},
        optional={"title": pick(st.one_of(st.none(), words)), "title_complete": pick(st.booleans()),
                  "period": pick(st.sampled_from([None, {"start": 2023, "end": 2023}, {"start": 2022, "end": 2024}])),
                  "notice": pick(notice), "header_missing": pick(st.booleans()),
                  "responsibility_rule": pick(st.one_of(st.none(), words)),
                  "preamble": pick(st.lists(words, max_size=2)), "closing": pick(st.lists(words, max_size=2)),
                  "notes": pick(st.lists(words, max_size=2))})


UNITS = ["县教育局", "县市场监管局", "县市场监督管理局", "县委宣传部", "县公安局", "县卫健局", "县林业局"]
THEMES = ["campus", "food-waste", "enforcement", "no-such-theme"]
WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)


@SETTINGS
@given(plan_shaped(WORDS, UNITS, THEMES, broken=True))
def test_plan_shaped_data_loads_or_is_reported(data):
    with mini_copy() as content:
        (content / PLAN).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        load_or_report(content)


HOSTILE_WORDS = st.one_of(WORDS, st.sampled_from([
    "<script>alert(1)</script>", "&amp;lt;", "**粗体**", "[a](javascript:alert(1))", "# 标题", "{{ 7*7 }}",
    "{% if true %}x{% endif %}", "---", "title: x", "<!-- c -->", "]]>", "\\", "`code`", "https://example.org/",
]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_shaped(HOSTILE_WORDS, UNITS[:5], THEMES[:3], broken=False), st.booleans())
def test_every_plan_the_validator_accepts_builds(data, review):
    """A plan that passes `check` never crashes the build, public or review."""
    with mini_copy() as content:
        (content / PLAN).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        if load_or_report(content) is None:
            return
        project = content.parent
        shutil.copytree(ROOT / "theme", project / "theme")
        site = build.load_site(project, build.BuildOptions(review=review))
        try:
            tree = build.generate(site)
        except gate.GateError as exc:
            raise AssertionError(f"a validated plan lost its page: {exc}") from None
        assert tree
