"""Every text field of content/ refuses what output cannot carry; every number is finite.

A field added later with a bare `str` or `float` would let `"\\x0c"`, `"\\uD800"` or `.nan`
through `check` and break the feed, the JSON or the build: this test names such a field.
"""

from __future__ import annotations

import inspect
import typing

import pytest
from pydantic import BaseModel, ValidationError

from generator import schema

MODELS = [m for _, m in inspect.getmembers(schema, inspect.isclass)
          if issubclass(m, BaseModel) and m.__module__ == schema.__name__]


def _unguarded(annotation, metadata=()) -> list[str]:
    """The bare str/float types inside an annotation (Printable and Number are guarded)."""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return _unguarded(base, (*metadata, *extra))
    if annotation is str:
        guarded = any(getattr(m, "func", None) is schema._printable for m in metadata)
        return [] if guarded else ["str"]
    if annotation is float:
        guarded = any(getattr(m, "allow_inf_nan", None) is False for m in metadata)
        return [] if guarded else ["float"]
    return [found for arg in typing.get_args(annotation) for found in _unguarded(arg)]


@pytest.mark.parametrize("model", MODELS, ids=[m.__name__ for m in MODELS])
def test_every_text_field_is_printable_and_every_number_finite(model):
    bare = {name: _unguarded(field.annotation, tuple(field.metadata)) for name, field in model.model_fields.items()}
    assert {name: kinds for name, kinds in bare.items() if kinds} == {}


@pytest.mark.parametrize("text", ["a\x0cb", "\0", "a\x1bb", "\x7f", "\x85", "a\rb", "\ud800", "x\udfffy", "\ufffe"])
def test_unprintable_text_is_refused(text):
    with pytest.raises(ValidationError) as caught:
        schema.KindEntry.model_validate({"id": "market", "name": text})
    assert caught.value.errors()[0]["type"] in {"control_character", "lone_surrogate", "noncharacter"}


@pytest.mark.parametrize("text", ["县市场监管局", "第一段\n第二段", "a\tb", "😀 emoji", "\u3000全角空格", "\u2028"])
def test_ordinary_text_passes(text):
    assert schema.KindEntry.model_validate({"id": "market", "name": text}).name == text


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_target_values_are_finite(value):
    with pytest.raises(ValidationError):
        schema.TargetEntry.model_validate({"text": "达到 100%", "value": value, "unit": "%"})
