"""Roles end to end: nobody is their own trainer, /assign confirms, help and menus by role,
admins hear about their trainer links, trainers are introduced to their athletes."""

from __future__ import annotations

from bot import callbacks
from local_bot_api import FakeBotApiServer, FakeUser
from tests.bot.conftest import (
    ADMIN_ID,
    RunningBot,
    committed,
    invite_athletes,
    make_trainer,
    start_payload,
    wait_button,
    wait_text,
)


async def become_trainers(bot: RunningBot, admin: FakeUser, *people: FakeUser) -> None:
    """make_trainer for each, one after the other. On PostgreSQL an update commits after
    its handler answered, so the next link waits until the last redemption is in."""
    for person in people:
        await make_trainer(admin, person)
        await bot.settled()


def menu(api: FakeBotApiServer, user: FakeUser) -> list[str]:
    return [c["command"] for c in api.commands({"type": "chat", "chat_id": user.id})]


def ids(message, prefix: str) -> dict[str, int]:
    """Button label -> the id its callback data carries (``<prefix>:<id>``)."""
    return {
        button.label: int(button.callback_data.rsplit(":", 1)[1])
        for row in message.buttons
        for button in row
        if button.callback_data and button.callback_data.startswith(f"{prefix}:")
    }


async def trainer_ids(user: FakeUser) -> dict[str, int]:
    await user.send("/trainers")
    return ids(await wait_text(user, "Our trainers"), callbacks.TRAINER)


async def test_nobody_becomes_their_own_trainer(any_coach_bot, api, admin) -> None:
    tom, zoe, rex = api.user(10, "Tom"), api.user(11, "Zoe"), api.user(12, "Rex")
    await become_trainers(any_coach_bot, admin, tom, zoe, rex)
    await invite_athletes(zoe, tom)  # Tom trains with Zoe

    # Tom opens his own athlete invite link: a clear answer, and he stays Zoe's.
    await tom.send("/invite")
    own = start_payload((await wait_text(tom, "?start=")).text)
    await tom.send(f"/start {own}")
    await wait_text(tom, "That's your own invite link")
    await tom.send("/athletes")
    await wait_text(tom, "no athletes yet")

    # Zoe hands Tom on: his own trainer profile is not offered...
    by_name = await trainer_ids(zoe)
    await zoe.send("/assign")
    picker = await wait_text(zoe, "Which athlete")
    tom_athlete = ids(picker, callbacks.ASSIGN_ATHLETE)["Tom"]
    await zoe.press("Tom")
    offered = await wait_text(zoe, "to which trainer")
    assert offered.button_labels == [["Rex"], ["Zoe"]]
    # ... and forging it changes nothing, at the trainer step or at the confirmation.
    forged = await zoe.press_data(
        callbacks.with_id(callbacks.ASSIGN_TRAINER, by_name["Tom"]), offered.message_id
    )
    assert "their own trainer" in (await forged.answer()).text
    await zoe.press("Rex")
    question = await wait_text(zoe, "Assign Tom to Rex?")
    forged = await zoe.press_data(
        callbacks.assign_confirm(tom_athlete, by_name["Tom"]), question.message_id
    )
    assert "their own trainer" in (await forged.answer()).text
    await any_coach_bot.settled()
    assert not [m for m in api.messages(tom.id) if "Your trainer is now" in m.text]
    await zoe.send("/athletes")
    assert "Tom" in str((await wait_text(zoe, "Your athletes")).button_labels)

    # An admin's forged self-assignment is refused the same way.
    await admin.send("/assign")
    await wait_text(admin, "Which athlete")
    await admin.press("Tom")
    offered = await wait_text(admin, "to which trainer")
    forged = await admin.press_data(
        callbacks.with_id(callbacks.ASSIGN_TRAINER, by_name["Tom"]), offered.message_id
    )
    assert "their own trainer" in (await forged.answer()).text
    await zoe.send("/athletes")
    assert "Tom" in str((await wait_text(zoe, "Your athletes")).button_labels)


async def test_assign_asks_first_then_tells_everyone(any_coach_bot, api, admin) -> None:
    tom, zoe = api.user(10, "Tom"), api.user(11, "Zoe")
    ann, bob = api.user(20, "Ann"), api.user(21, "Bob")
    await become_trainers(any_coach_bot, admin, tom, zoe)
    await zoe.send("/profile Endurance")
    await wait_text(zoe, "Specialization set")
    await zoe.send("/profile bio Ten years of marathons.")
    await wait_text(zoe, "Bio saved")
    await invite_athletes(tom, ann)

    await admin.send("/assign")
    picker = await wait_text(admin, "Which athlete")
    ann_id = ids(picker, callbacks.ASSIGN_ATHLETE)["Ann"]
    await admin.press("Ann")
    await wait_text(admin, "to which trainer")
    await admin.press("Zoe")
    question = await wait_text(admin, "Assign Ann to Zoe?")
    assert question.message_id == picker.message_id  # one message, edited in place
    assert "Their current and future plans move to Zoe." in question.text
    assert "Coached by Tom until now." in question.text
    assert question.button_labels == [["✅ Confirm", "✖️ Cancel"]]

    # Cancel: edited in place, nobody moved, nobody told.
    await admin.press("✖️ Cancel")
    cancelled = await wait_text(admin, "Cancelled")
    assert cancelled.message_id == picker.message_id
    await any_coach_bot.settled()
    assert not [m for m in api.messages(ann.id) if "trainer is now" in m.text]
    assert not [m for m in api.messages(zoe.id) if "is now your athlete" in m.text]
    await tom.send("/athletes")
    assert "Ann" in str((await wait_text(tom, "Your athletes")).button_labels)

    # Confirm: the new trainer gets the card, the athlete an introduction, Tom a word.
    await admin.send("/assign")
    await wait_text(admin, "Which athlete")
    await admin.press("Ann")
    await wait_text(admin, "to which trainer")
    await admin.press("Zoe")
    await wait_button(admin, "✅ Confirm")
    await admin.press("✅ Confirm")
    done = await wait_text(admin, "now coached by")
    assert done.buttons == []
    told = await wait_text(zoe, "Ann is now your athlete")
    headline, card_part = told.text.split("\n\n", 1)
    assert headline == "🎉 Ann is now your athlete."
    assert card_part.startswith("👤 Ann\n")
    assert [b.callback_data for b in told.buttons[0]] == [
        callbacks.with_id(callbacks.CARD_PLAN, ann_id),
        callbacks.with_id(callbacks.CARD_EDIT, ann_id),
    ]
    intro = await wait_text(ann, "Your trainer is now Zoe")
    assert "Zoe · Endurance" in intro.text and "Ten years of marathons." in intro.text
    await wait_text(tom, "Ann now trains with Zoe")
    # Told before the admin's update commits (on PostgreSQL its effects commit with its
    # processed mark, after the handler): Tom's next update may be read before that.
    await any_coach_bot.settled()
    await tom.send("/athletes")
    roster = await wait_text(tom, "athletes")
    assert "Ann" not in roster.text + str(roster.button_labels)
    # The same card, text and buttons, as Zoe opening it from /athletes.
    await zoe.send("/athletes")
    ann_button = next(
        b
        for row in (await wait_text(zoe, "Your athletes")).buttons
        for b in row
        if "Ann" in b.label
    )
    await zoe.press(ann_button.label)
    opened = await zoe.wait_for(lambda m: m.edited and m.text.startswith("👤 Ann"))
    assert opened.text == card_part
    assert opened.buttons == told.buttons

    # A trainer who isn't admin: someone else's athlete and a non-trainer target, forged.
    await invite_athletes(tom, bob)
    await tom.send("/assign")
    mine = await wait_text(tom, "Which athlete")
    forged = await tom.press_data(callbacks.with_id(callbacks.ASSIGN_ATHLETE, ann_id))
    assert "isn't yours" in (await forged.answer()).text
    await tom.press("Bob")
    offered = await wait_text(tom, "to which trainer")
    assert mine.message_id == offered.message_id
    forged = await tom.press_data(callbacks.with_id(callbacks.ASSIGN_TRAINER, 987654))
    assert "can't find" in (await forged.answer()).text
    await tom.press("Zoe")
    question = await wait_text(tom, "Assign Bob to Zoe?")
    forged = await tom.press_data(callbacks.assign_confirm(ann_id, 987654), question.message_id)
    assert "expired" in (await forged.answer()).text  # not the athlete this dialogue is about
    await any_coach_bot.settled()
    assert not [m for m in api.messages(zoe.id) if "Bob is now" in m.text]
    await zoe.send("/athletes")
    roster = await wait_text(zoe, "Your athletes")
    assert "Ann" in str(roster.button_labels) and "Bob" not in str(roster.button_labels)


async def test_help_welcome_and_menus_follow_the_roles(any_coach_bot, api, admin) -> None:
    # An admin who is nothing else: an admin welcome and admin help, an admin menu.
    await admin.send("/start")
    hello = await wait_text(admin, "Hi Ada")
    assert "you run it" in hello.text
    help_text = (await wait_text(admin, "What I can do")).text
    assert "/addtrainer" in help_text and "/today" not in help_text
    assert "Training" not in help_text and "/timezone" in help_text
    assert menu(api, admin)[:2] == ["addtrainer", "assign"] and "today" not in menu(api, admin)

    # The admin's trainer link: the admin hears at once, Tom gets the trainer welcome.
    tom = api.user(10, "Tom")
    await admin.send("/addtrainer")
    link = start_payload((await wait_text(admin, "?start=")).text)
    await committed(admin)  # the link is sent just before its invite commits
    await tom.send(f"/start {link}")
    welcome = await wait_text(tom, "You're a trainer now")
    assert "Write each athlete's week with /plan" in welcome.text
    await wait_text(admin, "Tom used your trainer link and is now a trainer")
    help_text = (await wait_text(tom, "What I can do")).text
    assert help_text.index("Coaching") < help_text.index("Settings")
    assert "/today" not in help_text and "Admin" not in help_text
    tom_menu = menu(api, tom)
    assert tom_menu[0] == "plan" and "today" not in tom_menu and "addtrainer" not in tom_menu
    await tom.send("/start")
    assert "Write each athlete's week" in (await wait_text(tom, "Hi Tom")).text

    # Tom trains with Zoe: coaching first, then his own training.
    zoe = api.user(11, "Zoe")
    await become_trainers(any_coach_bot, admin, zoe)
    await invite_athletes(zoe, tom)
    await tom.send("/help")
    help_text = (await wait_text(tom, "What I can do")).text
    assert help_text.index("Coaching") < help_text.index("Training")
    assert "/today" in help_text
    tom_menu = menu(api, tom)
    assert tom_menu[0] == "plan" and tom_menu.index("assign") < tom_menu.index("today")

    # An athlete: the athlete's commands only.
    ann = api.user(20, "Ann")
    await invite_athletes(tom, ann)
    await ann.send("/help")
    help_text = (await wait_text(ann, "What I can do")).text
    assert "/today" in help_text and "Coaching" not in help_text and "Admin" not in help_text
    assert menu(api, ann)[0] == "today" and "plan" not in menu(api, ann)

    # The admin joins a trainer: training and admin, each its own section.
    await invite_athletes(tom, admin)
    await admin.send("/help")
    help_text = (await wait_text(admin, "What I can do")).text
    assert help_text.index("Training") < help_text.index("Admin")
    admin_menu = menu(api, admin)
    assert admin_menu[0] == "today" and "addtrainer" in admin_menu and "plan" not in admin_menu
    await admin.send("/start")
    assert "Your trainer writes your week" in (await wait_text(admin, "Hi Ada")).text


async def test_an_athlete_meets_the_trainer_and_assign_updates_their_menu(
    any_coach_bot, api, admin
) -> None:
    tom, rex = api.user(10, "Tom"), api.user(12, "Rex")
    await become_trainers(any_coach_bot, admin, tom, rex)
    await tom.send("/profile Strength and running")
    await wait_text(tom, "Specialization set")
    await tom.send("/profile BIO Coach since 2010.\nLoves <hills> & trails.")
    saved = await wait_text(tom, "Bio saved")
    assert "Coach since 2010.\nLoves <hills> & trails." in saved.text
    await tom.send("/profile")
    shown = await wait_text(tom, "Specialization: Strength and running")
    assert "Bio: Coach since 2010.\nLoves <hills> & trails." in shown.text
    ann = api.user(20, "Ann")
    await tom.send("/invite")
    payload = start_payload((await wait_text(tom, "?start=")).text)
    await committed(tom)  # the link is sent just before its invite commits
    await ann.send(f"/start {payload}")
    joined = await wait_text(ann, "You're now coached by Tom")
    assert "Tom · Strength and running" in joined.text
    assert "Coach since 2010.\nLoves <hills> & trails." in joined.text

    # Rex, a trainer who doesn't train, is assigned to Tom by the admin: his menu gains
    # the athlete's commands at once.
    assert "today" not in menu(api, rex)
    await admin.send("/assign")
    await wait_text(admin, "Which athlete")
    await admin.press("Rex")
    await wait_text(admin, "to which trainer")
    await admin.press("Tom")
    await wait_button(admin, "✅ Confirm")
    await admin.press("✅ Confirm")
    await wait_text(rex, "Your trainer is now Tom")
    await any_coach_bot.settled()
    rex_menu = menu(api, rex)
    assert rex_menu[0] == "plan" and "today" in rex_menu
    assert ADMIN_ID not in (tom.id, rex.id)
