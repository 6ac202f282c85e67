"""Progress you can see, end to end: a runner's and a lifter's week, records told to the
athlete and the trainer at once, /records, /units, charts as photos (cached by file_id)."""

from __future__ import annotations

import io

from tests.bot.conftest import invite_athletes, make_trainer, publish_plan, wait_button, wait_text

WEEK = """\
Wed: Track and lift (90 min)
- Intervals 6x400m @ 4:10/km
- Back squat 3x5 @ 60kg RPE 8
- Long run 1x12km
"""


async def log(athlete, exercise: str, text: str):
    await athlete.send("/log")
    await wait_button(athlete, exercise)
    await athlete.press(exercise)
    await wait_text(athlete, "Send what you did")
    await athlete.send(text)
    return await wait_text(athlete, "Logged")


async def test_records_are_told_to_both_and_charts_come_as_photos(
    coach_bot, api, admin, clock
) -> None:
    tom = api.user(10, "Tom", username="tom")
    ann = api.user(20, "Ann", username="ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann", text=WEEK)
    week = await wait_text(ann, "published your plan")
    assert "Intervals — 6x400m @ 4:10/km" in week.text
    assert "Back squat — 3x5 @ 60kg RPE 8" in week.text

    # The first logs set bests without a fanfare.
    first = await log(ann, "Long run", "12km in 1:05:00 easy")
    assert "1x12km in 1:05:00" in first.text and "🏆" not in first.text
    squat = await log(ann, "Back squat", "3x5 @ 60kg RPE 8")
    assert "(planned 3x5 @ 60kg RPE 8)" in squat.text and "🏆" not in squat.text

    # Set by set, heavier: a record for 5 reps and for the e1RM, told to Ann and Tom.
    record = await log(ann, "Back squat", "5,5,4 @ 65 RPE 9 grindy")
    assert "5,5,4 @ 65kg RPE 9" in record.text
    assert "🏆 New record: Back squat 5 @ 65kg" in record.text
    assert "e1RM 75.75kg" in record.text
    told = await wait_text(tom, "new record")
    assert "Ann" in told.text and "Back squat 5 @ 65kg" in told.text

    # A longer, faster run: longest distance and the 10k-bucket pace.
    run = await log(ann, "Long run", "13km in 1:09:00")
    assert "longest 13km" in run.text and "fastest 10k pace 5:18/km" in run.text
    await wait_text(tom, "longest 13km")

    # A tie is no record.
    tie = await log(ann, "Back squat", "5x5 @ 65kg")
    assert "🏆" not in tie.text

    await ann.send("/records")
    listed = await wait_text(ann, "Personal records")
    assert "Back squat" in listed.text and "5 @ 65kg" in listed.text
    assert "Long run" in listed.text and "longest 13km" in listed.text

    # Units: Ann switches to pounds; records are shown in lb, a bare load is read in lb.
    await ann.send("/units lb")
    await wait_text(ann, "now shown in <b>lb</b>".replace("<b>", "").replace("</b>", ""))
    await ann.send("/records")
    in_pounds = await wait_text(ann, "Personal records")
    assert "5 @ 143.5lb" in in_pounds.text

    # /history shows each exercise's last logs without starting /log.
    await ann.send("/history")
    weeks = await wait_text(ann, "Your weeks")
    assert ["📝 Back squat", "📝 Long run"] in weeks.button_labels
    await ann.press("📝 Back squat")
    squat_history = await wait_text(ann, "your last 3 logs")
    assert "5x5 @ 143.5lb" in squat_history.text and "5,5,4 @ 143.5lb RPE 9" in squat_history.text
    await ann.press("◀️ Your weeks")
    await wait_text(ann, "Your weeks")

    # /progress: exercises most logged first, a chart as a photo, the second from cache.
    await ann.send("/progress")
    menu = await wait_text(ann, "which chart")
    assert menu.button_labels[0] == ["Back squat (3)"]
    await ann.press("Back squat (3)")
    photo = await ann.wait_for(lambda m: m.photo is not None)
    assert "Ann" in photo.text and "Back squat" in photo.text
    png = api.world.file(photo.photo.file_id).content
    assert png is not None and png.startswith(b"\x89PNG")
    await ann.press("Back squat (3)", message=menu.message_id)
    again = await ann.wait_for(lambda m: m.photo is not None)
    assert again.photo.file_id == photo.photo.file_id  # sent by file_id, not redrawn
    sends = api.calls("sendPhoto")
    assert sends[-1].params["photo"] == photo.photo.file_id and not sends[-1].files

    # Tom sees Ann's progress and his roster.
    await tom.send("/progress")
    await wait_text(tom, "Whose progress")
    await tom.press("Ann")
    await wait_text(tom, "which chart")
    await tom.press("📅 Completion of every week")
    weeks = await tom.wait_for(lambda m: m.photo is not None)
    assert "completion of every week" in weeks.text
    await tom.send("/progress")
    await wait_text(tom, "Whose progress")
    await tom.press("👥 My athletes this week")
    roster = await tom.wait_for(lambda m: m.photo is not None)
    assert "athletes" in roster.text
    from PIL import Image  # matplotlib's own dependency

    image = Image.open(io.BytesIO(api.world.file(roster.photo.file_id).content))
    assert image.size == (1080, 1080)


async def test_nobody_sees_another_athletes_charts_or_records(coach_bot, api, admin) -> None:
    tom = api.user(10, "Tom", username="tom")
    ann = api.user(20, "Ann", username="ann")
    eve = api.user(30, "Eve", username="eve")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann", text=WEEK)
    await log(ann, "Back squat", "3x5 @ 60kg")
    await ann.send("/progress")
    menu = await wait_text(ann, "which chart")
    chart_data = menu.buttons[0][0].callback_data
    weeks_data = menu.buttons[-1][0].callback_data
    await eve.send("/start")
    await eve.next_message()
    history_data = chart_data.replace("prog:ex:", "hist:ex:")
    pressed = (chart_data, weeks_data, history_data, "rec:ath:1", "prog:ath:1", "prog:roster")
    for data in pressed:
        press = await eve.press_data(data)
        answered = await press.answer()
        assert answered.text and "🏆" not in answered.text
    assert not [m for m in api.messages(eve.id) if m.photo is not None]
    assert not [m for m in api.messages(eve.id) if "3x5 @ 60kg" in m.text]


def _csv(api, message) -> list[dict[str, str]]:
    import csv

    content = api.world.file(message.document.file_id).content
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


async def test_export_sends_csv_documents_of_ones_own_data_only(coach_bot, api, admin) -> None:
    tom = api.user(10, "Tom", username="tom")
    ann = api.user(20, "Ann", username="ann")
    bob = api.user(21, "Bob", username="bob")
    eve = api.user(30, "Eve", username="eve")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann, bob)
    await publish_plan(tom, "Ann", text=WEEK)
    await publish_plan(tom, "Bob", text=WEEK)
    await log(ann, "Long run", "12km in 1:05:00")
    await log(bob, "Back squat", "3x5 @ 80kg")

    await ann.send("/export")
    await wait_text(ann, "Done: 6 files")
    documents = [m for m in api.messages(ann.id) if m.document is not None]
    names = [m.document.file_name for m in documents]
    assert names == [
        f"coach-ann-{table}-2026-11-25.csv"
        for table in ("plans", "workouts", "exercises", "logs", "check_ins", "records")
    ]
    logs = _csv(api, documents[3])
    assert [(r["exercise_name"], r["distance_m"], r["duration_seconds"]) for r in logs] == [
        ("Long run", "12000", "3900")
    ]
    assert {r["athlete_id"] for r in _csv(api, documents[0])} == {logs[0]["athlete_id"]}

    # Tom: all of his athletes; Eve, a stranger, gets nothing of Ann's.
    await tom.send("/export")
    await wait_text(tom, "Whose data")
    await tom.press("👥 All my athletes")
    await wait_text(tom, "Done: 6 files")
    tom_logs = next(
        m for m in api.messages(tom.id) if m.document and "logs" in m.document.file_name
    )
    assert {r["exercise_name"] for r in _csv(api, tom_logs)} == {"Long run", "Back squat"}
    # One athlete, picked (and the /export en picker, turned to its page first).
    await tom.send("/export")
    await wait_text(tom, "Whose data")
    await tom.press("Bob")
    await wait_text(tom, "Done: 6 files")
    assert any(
        m.document and m.document.file_name.startswith("coach-bob-logs")
        for m in api.messages(tom.id)
    )
    await tom.send("/export en")
    picker = await wait_text(tom, "Whose data")
    await tom.press_data("exp:en:ath:page:0", picker.message_id)
    await tom.press("Ann")
    await wait_text(tom, "Done: 6 files")
    ann_files = [
        m for m in api.messages(tom.id) if m.document and "coach-ann" in m.document.file_name
    ]
    assert len(ann_files) == 6

    await eve.send("/start")
    await eve.next_message()
    press = await eve.press_data(f"exp:ath:{logs[0]['athlete_id']}")
    assert (await press.answer()).text
    assert not [m for m in api.messages(eve.id) if m.document is not None]


async def test_a_trainer_writes_in_pounds_and_the_athlete_reads_kilograms(
    coach_bot, api, admin
) -> None:
    tom = api.user(10, "Tom", username="tom")
    ann = api.user(20, "Ann", username="ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await tom.send("/units lb")
    await wait_text(tom, "now shown in lb")
    published = await publish_plan(tom, "Ann", text="Wed: Lift\n- Deadlift 3x5 @ 225")
    assert published
    week = await wait_text(ann, "published your plan")
    assert "Deadlift — 3x5 @ 102kg" in week.text  # 225 lb, shown in Ann's kg
    await ann.send("/week")
    assert "3x5 @ 102kg" in (await wait_text(ann, "Week 1")).text
    await tom.send("/units")
    assert "Loads are shown to you in lb" in (await wait_text(tom, "Loads are shown")).text
