"""/copyweek with a preview and plate rounding, and /profile, over the local Bot API."""

from __future__ import annotations

from bot import callbacks
from tests.bot.conftest import (
    invite_athletes,
    make_trainer,
    publish_plan,
    wait_button,
    wait_text,
)
from tests.bot.test_week_edit import _athlete_id

WEEK = """\
Mon: Lift (40 min)
- Back squat 5x5 @ 20kg
Thu: Run
- Run 1x30min
"""


async def _copy_to_next_week(tom, progression: str):
    await tom.send("/copyweek")
    await wait_text(tom, "copy forward")
    await tom.press("Ann")
    sources = await wait_text(tom, "Which week of")
    assert sources.button_labels[0] == ["Week 1 · Mon 23 Nov"]
    await tom.press("Week 1 · Mon 23 Nov")
    targets = await wait_text(tom, "into which week")
    assert ["📋 This week"] in targets.button_labels
    await tom.press("Next week")
    await wait_text(tom, "Tap a progression")
    await tom.send(progression)
    return await wait_text(tom, "Preview")


async def test_copy_with_preview_and_plate_rounding(coach_bot, api, admin) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann", text=WEEK)
    preview = await _copy_to_next_week(tom, "+5%")
    assert "22.5kg" in preview.text and "2.5 kg" in preview.text  # 21 kg -> 22.5, not 20
    await tom.send("+10%")  # another progression: a new preview, nothing published yet
    again = await wait_text(tom, "Preview")
    assert "22kg" not in again.text and "22.5kg" in again.text
    await tom.press("✖️ Cancel")
    await wait_text(tom, "Nothing was saved")
    await tom.send("/profile step 1.25")
    await wait_text(tom, "Load step set to")
    preview = await _copy_to_next_week(tom, "+5%")
    assert "21.25kg" in preview.text
    await tom.press("✅ Publish")
    await wait_text(tom, "Copied into week 2")
    told = await wait_text(ann, "published your plan for the week of Mon 30 Nov")
    assert "21.25kg" in told.text


async def test_a_copy_onto_a_started_week_is_refused_and_an_untouched_one_confirmed(
    coach_bot, api, admin
) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann", text=WEEK)
    await publish_plan(tom, "Ann", week="Next week", text="Tue: Swim\n- Swim 1x20min")
    await ann.send("/week")
    await wait_button(ann, "✅ Done: Lift")
    await ann.press("✅ Done: Lift")
    await wait_button(ann, "↩️ Undo: Lift")
    await tom.send("/copyweek")
    await wait_text(tom, "copy forward")
    await tom.press("Ann")
    await wait_text(tom, "Which week of")
    await tom.press("Week 2 · Mon 30 Nov")
    await wait_text(tom, "into which week")
    refused = await tom.press("📋 This week")
    assert "can't replace it" in (await refused.answer()).text
    same = await tom.press("📋 Next week")
    assert "the week you're copying" in (await same.answer()).text
    await tom.press("Week of 7 Dec")
    await wait_text(tom, "Tap a progression")
    await tom.press("Same again")
    await wait_text(tom, "Preview")
    await tom.press("✅ Publish")
    await wait_text(tom, "Copied into week 3")
    # Week 1 again into next week, which has an untouched plan: confirmed first.
    await tom.send("/copyweek")
    await wait_text(tom, "copy forward")
    await tom.press("Ann")
    await wait_text(tom, "Which week of")
    await tom.press("Week 1 · Mon 23 Nov")
    await wait_text(tom, "into which week")
    await tom.press("📋 Next week")
    ask = await wait_text(tom, "Replace it with the copy?")
    assert ask.button_labels == [["Replace it", "✖️ Cancel"]]
    await tom.press("Replace it")
    await wait_text(tom, "Tap a progression")
    await tom.press("Same again")
    await wait_text(tom, "Preview")
    await tom.press("✅ Publish")
    await wait_text(tom, "Copied into week 2")
    await wait_text(ann, "published your plan for the week of Mon 30 Nov")


async def test_profile_shows_and_sets_bio_and_step(coach_bot, api, admin) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await tom.send("/profile")
    shown = await wait_text(tom, "Load step: 2.5 kg")
    assert "no bio yet" in shown.text and "no specialization set" in shown.text
    await tom.send("/profile bio")  # nothing to clear yet, nothing set
    await wait_text(tom, "Bio cleared")
    await tom.send("/profile BIO Ten years of <coaching>\nand trails")
    saved = await wait_text(tom, "Bio saved")
    assert "Ten years of <coaching>\nand trails" in saved.text
    await tom.send("/profile specialization Running")
    await wait_text(tom, "Specialization set to Running")
    await tom.send("/profile step 5lb")
    await wait_text(tom, "Load step set to 5 lb")
    for bad in ("/profile step 1.3", "/profile step heavy", "/profile step"):
        await tom.send(bad)
        await wait_text(tom, "couldn't use")
    await tom.send("/profile")
    shown = await wait_text(tom, "Load step: 5 lb")
    assert "Bio: Ten years of <coaching>\nand trails" in shown.text
    assert "Specialization: Running" in shown.text
    await ann.send("/profile step 1.25")
    await wait_text(ann, "for trainers")


async def test_card_copy_enters_copyweek(coach_bot, api, admin) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann", text=WEEK)
    ann_id = await _athlete_id(coach_bot, 20)
    await tom.press_data(callbacks.with_id(callbacks.CARD_COPY, ann_id))
    sources = await wait_text(tom, "Which week of")
    assert sources.button_labels[0] == ["Week 1 · Mon 23 Nov"]
