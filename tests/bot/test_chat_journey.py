"""A week in the life of Coach, end to end, as the people who use it would live it.

The real python-telegram-bot stack talks HTTP to the local Bot API server; these
tests act as an admin, a trainer and athletes and read what the bot sends back.
"""

from __future__ import annotations

from datetime import timedelta

from tests.bot.conftest import (
    PLAN,
    committed,
    invite_athletes,
    make_trainer,
    pick_week,
    publish_plan,
    start_payload,
    wait_button,
    wait_text,
)


async def test_admin_trainer_and_athletes_through_a_week(coach_bot, api, admin, clock) -> None:
    tom = api.user(10, "Tom", username="tom")
    ann = api.user(20, "Ann", username="ann")
    bob = api.user(21, "Bob", username="bob")

    # The admin makes Tom a trainer; the link works once.
    await admin.send("/addtrainer")
    link = await wait_text(admin, "?start=")
    payload = start_payload(link.text)
    assert link.text.count("https://t.me/coach_test_bot?start=") == 1
    await committed(admin)  # the link is sent just before its invite commits
    await tom.send(f"/start {payload}")
    await wait_text(tom, "You're a trainer now")
    help_text = await wait_text(tom, "/plan")
    assert "/copyweek" in help_text.text
    tom_menu = [c["command"] for c in api.commands({"type": "chat", "chat_id": tom.id})]
    assert "plan" in tom_menu and "today" not in tom_menu  # he doesn't train (yet)
    await bob.send(f"/start {payload}")
    refused = await wait_text(bob, "already used")
    assert "trainer" in refused.text

    # Tom invites two athletes; he is told about each at once.
    await invite_athletes(tom, ann, bob)

    # Tom writes Ann's week with a mistake, is told exactly where, and fixes it.
    await tom.send("/plan")
    picker = await wait_text(tom, "Whose week")
    assert picker.button_labels == [["Ann"], ["Bob"]]
    await tom.press("Ann")
    weeks = await wait_text(tom, "Which week")
    assert [row[0] for row in weeks.button_labels][:3] == [
        "This week",
        "Next week",
        "Week of 7 Dec",
    ]
    await tom.press("This week")
    await wait_text(tom, "Send the plan")
    await tom.send(PLAN.replace("Push-ups 3x12", "Push-ups three sets").replace("Wed:", "Wdn:"))
    errors = await wait_text(tom, "couldn't read the plan")
    assert "line 1" not in errors.text and "line 3" in errors.text and "line 6" in errors.text
    assert "Nothing was saved" in errors.text
    await tom.send(PLAN)
    preview = await wait_text(tom, "Preview")
    assert "Upper body strength" in preview.text and "Back squat" in preview.text
    await tom.press("✅ Publish")
    published = await wait_text(tom, "Published week 1")
    assert published.edited and published.message_id == preview.message_id
    delivered = await wait_text(ann, "published your plan")
    assert "Week 1" in delivered.text and "Welcome to week 1" in delivered.text

    # Ann reads her week and today's workout (Wednesday: the easy run).
    await ann.send("/week")
    week = await wait_text(ann, "Week 1")
    assert "0/3 workouts done (0%)" in week.text
    assert "demo" in week.text  # the row's demo link
    await ann.send("/today")
    today = await wait_text(ann, "Today, Wednesday")
    assert "Easy run" in today.text and today.button_labels == [["✅ Done: Easy run"]]

    # Done twice: one completion, one message to Tom; Undo sets it back.
    first = await ann.press("✅ Done: Easy run")
    assert (await first.answer()).text == "Nice work! Marked done."
    redrawn = await ann.wait_for_edit(today.message_id)
    assert redrawn.button_labels == [["↩️ Undo: Easy run"]]
    told = await wait_text(tom, "finished")
    assert "Ann" in told.text and "week 1: 1 of 3 done" in told.text
    again = await ann.press_data(first.data, today.message_id)
    assert (await again.answer()).text == "Already marked done."
    undo = await ann.press("↩️ Undo: Easy run")
    assert (await undo.answer()).text == "Marked not done."
    corrected = await wait_text(tom, "undone")  # the notice Tom had is corrected in place
    assert corrected.edited and corrected.message_id == told.message_id
    assert "Week 1: 0 of 3 done" in corrected.text
    await ann.press("✅ Done: Easy run")
    await wait_button(ann, "↩️ Undo: Easy run")
    # Done again after the undo: Tom hears of it again, in a new message.
    await tom.wait_for(lambda m: "finished" in m.text and not m.edited)
    assert len([m for m in api.messages(tom.id) if "finished" in m.text]) == 2

    # She logs what she actually did and sees the exercise's last logs.
    await ann.send("/log")
    pick = await wait_text(ann, "Which exercise")
    assert pick.button_labels == [["Run"]]
    await ann.press("Run")
    await wait_text(ann, "Send what you did")
    await ann.send("one run")
    await wait_text(ann, "couldn't read that")
    await ann.send("1x35min felt easy")
    logged = await wait_text(ann, "Logged")
    assert "1x35min" in logged.text and "felt easy" in logged.text
    assert "(planned 1x30min)" in logged.text

    # History and summary.
    await ann.send("/history")
    history = await wait_text(ann, "Your weeks")
    assert "Week 1" in history.text and "33%" in history.text
    await ann.send("/summary")
    summary = await wait_text(ann, "So far this week")
    assert "1/3 (33%)" in summary.text and "Let's refocus..." in summary.text
    assert "2 to go this week" in summary.text  # mid-week: what is left, not next week
    assert "Minutes: 35 logged of 115 planned" in summary.text  # what she logged

    # Tom's view of his athletes, and his /summary for Ann.
    await tom.send("/athletes")
    roster = await wait_text(tom, "Your athletes")
    labels = str(roster.button_labels)  # a button per athlete: flags, name, completion
    assert "Ann · 33%" in labels and "Bob · no plan" in labels
    await tom.send("/summary")
    await wait_text(tom, "Whose week")
    await tom.press("Ann")
    tom_summary = await wait_text(tom, "Ann · Week 1")
    assert "1/3 (33%)" in tom_summary.text

    # Tom copies the week forward with a progression; Ann gets week 2.
    await tom.send("/copyweek")
    await wait_text(tom, "copy forward")
    await tom.press("Ann")
    await wait_text(tom, "Which week of")
    await tom.press("Week 1 · Mon 23 Nov")
    await wait_text(tom, "into which week")
    await tom.press("Next week")
    await wait_text(tom, "Tap a progression")
    await tom.send("+1 rep, +5%")
    await wait_text(tom, "Preview")
    await tom.press("✅ Publish")
    copied = await wait_text(tom, "Copied into week 2")
    assert "+1 rep, +5% load" in copied.text
    week_two = await wait_text(ann, "Week 2")
    # 20 kg +5% is 21 kg, rounded to the default 2.5 kg step and never back to 20 kg.
    assert "Push-ups — 3x13" in week_two.text and "Dumbbell row — 4x11 @ 22.5kg" in week_two.text

    # Next week, the admin hands Ann to a new trainer; both are told.
    zoe = api.user(11, "Zoe", username="zoe")
    await make_trainer(admin, zoe)
    clock.advance(timedelta(days=6))  # Tuesday of week 2
    await admin.send("/assign")
    await wait_text(admin, "Which athlete")
    await admin.press("Ann")
    trainers = await wait_text(admin, "to which trainer")
    assert ["Zoe"] in trainers.button_labels and ["Tom"] in trainers.button_labels
    await admin.press("Zoe")
    await wait_text(admin, "Assign Ann to Zoe?")
    await admin.press("✅ Confirm")
    assigned = await wait_text(admin, "now coached by")
    assert "1 plan moved" in assigned.text  # week 2 only; week 1 is history
    await wait_text(ann, "Your trainer is now")
    await wait_text(zoe, "Ann is now your athlete")
    await wait_text(tom, "Ann now trains with Zoe")
    await zoe.send("/athletes")
    zoe_roster = await wait_text(zoe, "Your athletes")
    assert "Ann · 0%" in str(zoe_roster.button_labels)
    await tom.send("/athletes")
    tom_roster = await wait_text(tom, "Your athletes")
    assert "Ann" not in str(tom_roster.button_labels) and "Bob" in str(tom_roster.button_labels)


async def test_history_pages_older_and_newer(coach_bot, api, admin, clock) -> None:
    tom = api.user(10, "Tom")
    ann = api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann")
    for _ in range(6):  # each week, the latest week copied into the next
        await tom.send("/copyweek")
        await wait_text(tom, "copy forward")
        await tom.press("Ann")
        sources = await wait_text(tom, "Which week of")
        await tom.press(sources.button_labels[0][0])  # the newest
        await wait_text(tom, "into which week")
        await tom.press("Next week")
        await wait_text(tom, "Tap a progression")
        await tom.press("Same again")
        await wait_text(tom, "Preview")
        await tom.press("✅ Publish")
        await wait_text(tom, "Copied into week")
        clock.advance(timedelta(weeks=1))
    await ann.send("/history")
    first = await wait_text(ann, "Your weeks")
    assert "Week 7" in first.text and "Week 3" in first.text and "Week 2" not in first.text
    assert first.button_labels == [["◀️ Older"]] and "Page 1 of 2" in first.text
    await ann.press("◀️ Older")
    older = await ann.wait_for_edit(first.message_id)
    assert "Week 2" in older.text and "Week 1" in older.text and "Week 3" not in older.text
    assert older.button_labels == [["Newer ▶️"]]
    await ann.press("Newer ▶️")
    newer = await ann.wait_for_edit(first.message_id)
    assert "Week 7" in newer.text


async def test_a_plan_sent_as_a_txt_file(coach_bot, api, admin) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await pick_week(tom, "Ann", "Next week")
    await tom.send_document("week.txt", PLAN.encode())
    preview = await wait_text(tom, "Preview")
    assert "Back squat" in preview.text
    await tom.press("✅ Publish")
    await wait_text(tom, "Published week 1")
    await ann.send("/week")
    ahead = await wait_text(ann, "No plan this week")
    assert "week 1, starts on Monday 30 November" in ahead.text


async def test_a_week_with_progress_is_edited_not_replaced(coach_bot, api, admin) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann")
    # Replacing an untouched week shows the current text to edit, then replaces it.
    await tom.send("/plan")
    await wait_text(tom, "Whose week")
    await tom.press("Ann")
    await wait_text(tom, "Which week")
    await tom.press("📋 This week")
    ask = await wait_text(tom, "publishing will replace it")
    assert "Mon: Upper body strength (45 min)" in ask.text
    await tom.send("Wed: Swim (20 min)\n- Swim 1x20min")
    await wait_text(tom, "Preview")
    await tom.press("✅ Publish")
    await wait_text(tom, "Updated week 1")
    await ann.send("/today")
    await wait_text(ann, "Swim")
    await ann.press("✅ Done: Swim")
    await wait_button(ann, "↩️ Undo: Swim")
    await tom.send("/plan")
    await wait_text(tom, "Whose week")
    await tom.press("Ann")
    await wait_text(tom, "Which week")
    await tom.press("📋 This week")
    await wait_text(tom, "under way")  # the edit flow: done workouts come back marked ✓
    await wait_text(tom, "✓ Wed: Swim (20 min)")


async def test_timezone_and_reminders(coach_bot, api) -> None:
    ann = api.user(20, "Ann")
    await ann.send("/timezone Mars/Olympus")
    unknown = await wait_text(ann, "don't know the timezone")
    assert "Mars/Olympus" in unknown.text and "Europe/Berlin" in unknown.text
    await ann.send("/timezone")
    usage = await wait_text(ann, "Your timezone is")
    assert "UTC" in usage.text
    await ann.send("/timezone asia/tokyo")
    done = await wait_text(ann, "Timezone set")
    assert "Asia/Tokyo" in done.text and "19:00 on Wednesday" in done.text
    await ann.send("/reminders maybe")
    await wait_text(ann, "Reminders are")
    await ann.send("/reminders off")
    await wait_text(ann, "Reminders off")
    await ann.send("/help")
    help_message = await wait_text(ann, "What I can do")
    assert "now Asia/Tokyo" in help_message.text and "now off" in help_message.text


async def test_trainers_list_and_profile(coach_bot, api, admin) -> None:
    tom = api.user(10, "Tom")
    ann = api.user(20, "Ann")
    await ann.send("/trainers")
    await wait_text(ann, "no trainers yet")
    await make_trainer(admin, tom)
    await tom.send("/profile")
    await wait_text(tom, "no specialization set")
    await tom.send("/profile Strength & <conditioning>")
    await wait_text(tom, "Specialization set")
    await ann.send("/trainers")
    listing = await wait_text(ann, "Our trainers")
    assert "Tom — Strength & <conditioning>" in listing.text
    await ann.press("Tom")
    details = await wait_text(ann, "No bio yet")
    assert details.text.startswith("Tom")
    await ann.send("/profile anything")
    await wait_text(ann, "for trainers")


async def test_an_athlete_who_joins_another_trainer_takes_the_plans_along(
    coach_bot, api, admin
) -> None:
    tom, zoe, ann = api.user(10, "Tom"), api.user(11, "Zoe"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await make_trainer(admin, zoe)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann")
    await invite_athletes(zoe, ann)
    told = await wait_text(tom, "joined Zoe")
    assert "Ann" in told.text
    await zoe.send("/athletes")
    roster = await wait_text(zoe, "Your athletes")
    assert "Ann · 0%" in str(roster.button_labels)


async def test_a_big_roster_is_picked_a_page_at_a_time(coach_bot, api, admin) -> None:
    tom = api.user(10, "Tom")
    await make_trainer(admin, tom)
    athletes = [api.user(100 + n, f"Athlete{n:02d}") for n in range(25)]
    await invite_athletes(tom, *athletes)
    await tom.send("/plan")
    first = await wait_text(tom, "Whose week")
    labels = [row[0] for row in first.button_labels]
    assert labels[:20] == [f"Athlete{n:02d}" for n in range(20)] and labels[-1] == "More ▶️"
    await tom.press("More ▶️")
    second = await tom.wait_for_edit(first.message_id)
    assert [row[0] for row in second.button_labels[:-1]] == [
        f"Athlete{n:02d}" for n in range(20, 25)
    ]
    assert second.button_labels[-1] == ["◀️ Previous"]
    await tom.press("Athlete23")
    await wait_text(tom, "Which week for Athlete23")
    await tom.send("/summary")
    picker = await wait_text(tom, "Whose week")
    assert picker.button_labels[0] == ["Me"] and picker.button_labels[-1] == ["More ▶️"]
    await tom.press("More ▶️")
    await tom.wait_for_edit(picker.message_id)
    await tom.press("Athlete24")
    await wait_text(tom, "Athlete24 has no plan this week")


async def test_rest_days_say_when_the_next_workout_is(coach_bot, api, admin, clock) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann")  # Mon, Wed, Fri
    clock.advance(timedelta(days=1))  # Thursday
    await ann.send("/today")
    thursday = await wait_text(ann, "Rest day")
    assert "Next workout: Lower body on Friday" in thursday.text and not thursday.buttons
    clock.advance(timedelta(days=2))  # Saturday: nothing more this week, nothing planned
    await ann.send("/today")
    await wait_text(ann, "last workout of this week")
    await publish_plan(tom, "Ann", week="Next week")
    await ann.send("/today")
    saturday = await wait_text(ann, "Rest day")
    assert "Next workout: Upper body strength on Monday 30 November" in saturday.text
