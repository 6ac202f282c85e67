"""The templates' and groups' keyboards: pure functions of domain data."""

from __future__ import annotations

from bot import callbacks, keyboards
from core import models
from tests.conftest import NOW


def _templates(count: int) -> list[models.PlanTemplate]:
    return [
        models.PlanTemplate(
            id=n, trainer_id=1, name=f"Week {n}", text="Mon: A\n- Run 1x10min",
            created_at=NOW, updated_at=NOW,
        )
        for n in range(1, count + 1)
    ]  # fmt: skip


def _data(markup) -> list[list[str]]:
    return [[b.callback_data for b in row] for row in markup.inline_keyboard]


def test_templates_are_listed_eight_a_page_with_page_turns() -> None:
    items = _templates(17)
    first = keyboards.template_list(models.Page(tuple(items[:8]), offset=0, limit=8, total=17))
    data = _data(first)
    assert data[:8] == [[f"{callbacks.TEMPLATE_OPEN}:{n}"] for n in range(1, 9)]
    assert data[8] == ["tpl:list:8"] and data[9] == [callbacks.TEMPLATE_FROM_WEEK]
    middle = keyboards.template_list(models.Page(tuple(items[8:16]), offset=8, limit=8, total=17))
    assert _data(middle)[8] == ["tpl:list:0", "tpl:list:16"]
    last = keyboards.template_list(models.Page(tuple(items[16:]), offset=16, limit=8, total=17))
    assert _data(last)[1] == ["tpl:list:8"]
    assert all(len(d.encode()) <= 64 for row in data for d in row)


def test_toggles_mark_the_chosen_and_keep_to_their_page() -> None:
    items = [(f"A{n}", f"grp:tog:{n}", n % 2 == 0) for n in range(1, 13)]
    page = keyboards.toggles(
        items, page=1, page_prefix=callbacks.GROUP_TOGGLE, done=("💾 Save", callbacks.GROUP_SAVE)
    )
    labels = [[b.text for b in row] for row in page.inline_keyboard]
    assert labels == [["A11"], ["✅ A12"], ["◀️ Previous"], ["💾 Save", "✖️ Cancel"]]
    beyond = keyboards.toggles(  # an old page turn past the end shows the last page
        items, page=9, page_prefix=callbacks.GROUP_TOGGLE, done=("💾 Save", callbacks.GROUP_SAVE)
    )
    assert beyond.inline_keyboard == page.inline_keyboard
