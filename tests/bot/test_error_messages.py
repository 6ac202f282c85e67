"""Every named domain error has a clear message of its own, never the apology."""

from __future__ import annotations

import inspect
from datetime import date

import pytest

from bot import texts
from bot.errors import message_for
from core import errors


def _domain_errors() -> list[type[errors.CoachError]]:
    return [
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, errors.CoachError) and cls is not errors.CoachError
    ]


@pytest.mark.parametrize("error_class", _domain_errors(), ids=lambda c: c.__name__)
def test_each_domain_error_has_its_own_answer(error_class) -> None:
    if error_class is errors.PlanTextError:
        error = error_class([errors.LineError(1, "x")])
    elif issubclass(error_class, errors.WeekNotTickable):
        error = error_class(date(2026, 11, 30), None)
    else:
        error = error_class("x")
    assert message_for(error) != texts.UNEXPECTED_ERROR
