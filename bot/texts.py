"""Every text the bot sends, with named placeholders. HTML parse mode.

Placeholders that carry user content are escaped by the renderer (bot/render.py)
before they reach these templates; nothing here is formatted with raw user text.
"""

from __future__ import annotations

from bot import i18n
from core.i18n import P_

# --- start and help ---------------------------------------------------------------

WELCOME = (
    "👋 Hi {name}! I'm <b>Coach</b>. Your trainer writes your week here; "
    "you see today's workout, tap <b>Done</b>, and log what you did. "
    "Every Monday you get the week's plan and every Sunday a summary."
)
WELCOME_TRAINER = (
    "👋 Hi {name}! I'm <b>Coach</b>. Write each athlete's week with /plan, "
    "share /invite with new athletes, and follow their weeks with /athletes. "
    "You hear from me when they finish a workout, and get a digest every Sunday."
)
HELP_HEADER = "<b>What I can do for you</b>"
HELP_ATHLETE = (
    "<b>Training</b>\n"
    "/today — today's workout, with a Done button\n"
    "/week — this week's plan\n"
    "/log — log what you actually did\n"
    "/history — your past weeks\n"
    "/summary — this week so far\n"
    "/records — your personal records\n"
    "/progress — charts of your lifts, runs and weeks\n"
    "/export — your data as CSV files\n"
    "/trainers — our trainers\n"
    "/timezone <i>Area/City</i> — your timezone (now {timezone})\n"
    "/reminders on|off — a message on workout days (now {reminders})\n"
    "/units kg|lb — the unit loads are shown in\n"
    "/cancel — leave what you're doing"
)
HELP_TRAINER = (
    "<b>Coaching</b>\n"
    "/plan — write and publish an athlete's week\n"
    "/copyweek — copy the latest week forward, with a progression\n"
    "/templates, /groups — saved weeks and athlete groups, published to many\n"
    "/programs — multi-week programs: write, preview, publish to an athlete, delete\n"
    "/max <i>athlete exercise load</i> — training maxes for <code>@ 75%</code> loads\n"
    "/plan — write, edit or delete an athlete's week\n"
    "/copyweek — copy a week into another, with a progression\n"
    "/athletes — your athletes and their week\n"
    "/summary — an athlete's week so far\n"
    "/progress, /records — an athlete's charts and records, your roster's week\n"
    "/export — an athlete's data, or all of theirs, as CSV files\n"
    "/invite — a link for new athletes\n"
    "/profile <i>text</i> — your specialization; /profile bio <i>text</i> — your bio\n"
    "/profile — your specialization, bio and load step\n"
    "/assign — hand an athlete to another trainer"
)
HELP_ADMIN = (
    "<b>Admin</b>\n/addtrainer — a single-use link that makes someone a trainer\n"
    "/assign — assign any athlete to a trainer"
)
NO_TRAINER_YET = "You don't have a trainer yet: ask yours for their invite link."
GROUP_POINTER = (
    "Hi! I work in private chats only, so nobody else reads your training. "
    'Message me directly: <a href="https://t.me/{username}">@{username}</a>'
)

# Command menus (setMyCommands): (command, description)
MENU_ATHLETE = (
    ("today", "Today's workout"),
    ("week", "This week's plan"),
    ("log", "Log what you did"),
    ("history", "Past weeks"),
    ("summary", "This week so far"),
    ("trainers", "Our trainers"),
    ("timezone", "Set your timezone"),
    ("reminders", "Workout reminders on/off"),
    ("help", "What I can do"),
    ("cancel", "Leave the current dialogue"),
)
MENU_TRAINER = (
    ("plan", "Write an athlete's week"),
    ("copyweek", "Copy the latest week forward"),
    ("templates", "Saved weeks, published to many"),
    ("groups", "Groups of athletes"),
    ("programs", "Multi-week programs"),
    ("max", "Athletes' training maxes"),
    ("athletes", "Your athletes"),
    ("invite", "Invite link for athletes"),
    ("profile", "Your specialization"),
    ("assign", "Hand an athlete to a trainer"),
)
MENU_ADMIN = (("addtrainer", "Trainer invite link"),)
MENU_DASHBOARD = "Dashboard"
BUTTON_OPEN_DASHBOARD = "📊 Open dashboard"

# --- invites ----------------------------------------------------------------------

INVITE_ATHLETE = (
    "Send this link to your athletes. It works for everyone until you make a new one "
    "(which switches this one off):\n{link}"
)
INVITE_TRAINER = "A single-use link that makes whoever opens it a trainer:\n{link}"
JOINED_TRAINER = "✅ You're now coached by <b>{trainer}</b>. They'll send your plan here."
ALREADY_WITH_TRAINER = "You're already coached by <b>{trainer}</b>. 👍"
TRAINER_TOLD_NEW_ATHLETE = "🎉 <b>{athlete}</b> joined you through your invite link."
TRAINER_TOLD_ATHLETE_LEFT = (
    "👋 <b>{athlete}</b> joined <b>{trainer}</b> through their invite link; "
    "their current and future plans went with them."
)
BECAME_TRAINER = (
    "🎉 You're a trainer now. Send /invite for a link for your athletes, then /plan to "
    "write their week. Set your specialization with /profile <i>text</i>."
)
INVITE_INVALID = "That invite link isn't valid. Ask your trainer (or the admin) for a fresh one."
INVITE_USED = "That trainer invite was already used. Ask the admin for a new one."
INVITE_REVOKED = (
    "That invite link was replaced by a newer one. Ask your trainer for the current link."
)
INVITE_OWN = "That's your own invite link: send it to your athletes."
BAD_PLAN_TEXT = "That plan text has problems; send /plan to start again."
BAD_PROGRESSION = "I couldn't read that progression. Try +1 rep, +1 set, +5% or +2.5kg."
BAD_LOG_ENTRY = "I couldn't read that log entry. Try 3x10 @ 20kg."

# --- today / week -----------------------------------------------------------------

NO_PLAN_THIS_WEEK = (
    "You have no plan for this week yet. Your trainer will send it here as soon as it's ready."
)
NO_PLAN_UPCOMING = (
    "No plan this week. Your next one, week {week_number}, starts on {date}: "
    "/week shows it from then."
)
NO_PLAN_NO_TRAINER = (
    "You have no plan for this week. Once you join a trainer with their invite link, "
    "they'll write your weeks."
)
REST_DAY = "😌 <b>Rest day</b> — nothing planned for today ({day})."
REST_DAY_NEXT = "Next workout: <b>{title}</b> on {day}."
REST_DAY_WEEK_DONE = "That was the last workout of this week. Enjoy the rest!"
TODAY_HEADER = "<b>Today, {day}</b> · week {week_number}"
WEEK_HEADER = "<b>Week {week_number}</b> · {start} – {end}"
WEEK_PROGRESS = "{completed}/{total} workouts done ({percentage}%)"
WORKOUT_DONE_MARK = "✅"
WORKOUT_OPEN_MARK = "⬜"
WORKOUT_LINE = "{mark} <b>{day}</b>: {title}{duration}"
WORKOUT_TITLE = "{mark} <b>{title}</b>{duration}"
DURATION_SUFFIX = " ({minutes} min)"
EXERCISE_LINE = "• {name} — {volume}{load}"
EXERCISE_LOAD = " @ {load}"
EXERCISE_NOTES = "   <i>{notes}</i>"
EXERCISE_VIDEO = '   ▶️ <a href="{url}">demo{title}</a>'
BUTTON_DONE = "✅ Done: {title}"
BUTTON_UNDO = "↩️ Undo: {title}"
BUTTON_OPEN_TODAY = "📋 Today's workout"
DONE_TOAST = "Nice work! Marked done."
ALREADY_DONE_TOAST = "Already marked done."
UNDONE_TOAST = "Marked not done."
ALREADY_UNDONE_TOAST = "It wasn't marked done."

# --- log --------------------------------------------------------------------------

LOG_PICK = "Which exercise do you want to log?{context}"
LOG_PICK_TODAY = ""
LOG_PICK_RECENT = " (from your most recent workout)"
LOG_NOTHING = "There's no workout with exercises to log yet this week."
LOG_ASK = (
    "<b>{name}</b> — planned {planned}.\n"
    "Send what you did, e.g. <code>{example}</code>. /cancel to stop."
)
LOG_SAVED = "📝 Logged <b>{name}</b>: {entry} (planned {planned})."
LOG_RECENT_HEADER = "Your last logs of {name}:"
LOG_RECENT_LINE = "• {when}: {entry}"

# --- history / summary ------------------------------------------------------------

HISTORY_HEADER = "<b>Your weeks</b> (newest first)"
HISTORY_LINE = "Week {week_number} · {start}: {completed}/{total} workouts, <b>{percentage}%</b>"
HISTORY_EMPTY = "No weeks yet. Your history starts with your first plan."
HISTORY_PAGE = "Page {page} of {pages}"
BUTTON_PREVIOUS_PAGE = "◀️ Previous"
BUTTON_NEXT_PAGE = "More ▶️"
BUTTON_OLDER = "◀️ Older"
BUTTON_NEWER = "Newer ▶️"
SUMMARY_HEADER = "<b>{who}Week {week_number}</b> · {start} – {end}"
SUMMARY_SO_FAR = "<i>So far this week:</i>"
SUMMARY_BODY = (
    "Workouts: {completed}/{total} ({percentage}%)\n"
    "Exercises planned: {exercises}\n"
    "{minutes}\n\n"
    "{feedback}"
)
SUMMARY_NO_PLAN = "No plan this week, so there's nothing to sum up yet."
SUMMARY_NO_PLAN_FOR = "{athlete} has no plan this week."
SUMMARY_PICK = "Whose week do you want to see?"
BUTTON_ME = "Me"

# --- settings ---------------------------------------------------------------------

TIMEZONE_USAGE = (
    "Your timezone is <b>{current}</b>. To change it send "
    "<code>/timezone Area/City</code>, e.g. {examples}."
)
TIMEZONE_SET = "🕑 Timezone set to <b>{timezone}</b>. It's {time} on {weekday} there now."
TIMEZONE_EXAMPLE = "<code>{name}</code>"
TIMEZONE_UNKNOWN = "I don't know the timezone <b>{name}</b>. Use an IANA name like {examples}."
REMINDERS_USAGE = (
    "Reminders are <b>{state}</b>. Send <code>/reminders on</code> or <code>/reminders off</code>."
)
REMINDERS_ON = "🔔 Reminders on: I'll send your workout at {time} on workout days."
REMINDERS_OFF = "🔕 Reminders off. /today shows your workout whenever you want."
STATE_ON = "on"
STATE_OFF = "off"

# --- trainers / athletes / profile -------------------------------------------------

TRAINERS_HEADER = "<b>Our trainers</b>"
TRAINERS_LINE = "• <b>{name}</b> — {specialization}"
TRAINERS_EMPTY = "There are no trainers yet."
NO_SPECIALIZATION = "no specialization set"
TRAINER_DETAILS = "<b>{name}</b>\n{specialization}\n\n{bio}"
TRAINER_NO_BIO = "<i>No bio yet.</i>"
ATHLETES_EMPTY = "You have no athletes yet. Send /invite for a link to share with them."
PROFILE_SET = "✅ Specialization set to <b>{specialization}</b>."

# --- plan dialogue ----------------------------------------------------------------

PLAN_PICK_ATHLETE = "Whose week do you want to write?"
PLAN_PICK_WEEK = "Which week for <b>{athlete}</b>?"
BUTTON_THIS_WEEK = "This week"
BUTTON_NEXT_WEEK = "Next week"
BUTTON_WEEK_OF = "Week of {date}"
PLAN_ASK_TEXT = (
    "Send the plan for <b>{athlete}</b>, week of {date}, as text or a .txt file. For example:\n"
    "<pre>{example}</pre>\n/cancel to stop."
)
PLAN_ASK_REPLACE = "That week already has a plan; publishing will replace it. Here it is to edit:"
PLAN_CURRENT_TEXT = "<pre>{text}</pre>"
PLAN_CURRENT_FILE = "The current plan, to edit and send back."
PLAN_EXAMPLE = (
    "Mon: Upper body strength (45 min)\n"
    "> Warm up 5 minutes first\n"
    "- Push-ups 3x12\n"
    "- Plank 3x60s\n"
    "- Dumbbell row 4x10 @ 20kg | video: https://example.com/row.mp4\n"
    "Wed: Easy run (30 min)\n"
    "- Run 1x30min"
)
PLAN_ERRORS = "I couldn't read the plan ({problems}). Nothing was saved:\n{errors}\n\nSend the corrected text."
PLAN_ERROR_LINE = "• line {line}: {message}"
PLAN_BAD_FILE = "Please send the plan as plain text or a .txt file (UTF-8, under 20 KB)."
FILE_DOWNLOAD_FAILED = (
    "⚠️ I couldn't fetch that file from Telegram just now. Please send it again, "
    "or paste the plan as a message."
)
PLAN_PREVIEW_REST_WEEK = "<i>(no workouts: a rest week)</i>"
PLAN_PREVIEW = "<b>Preview</b> for {athlete}, week of {date}:\n\n{plan}"
BUTTON_PUBLISH = "✅ Publish"
BUTTON_CANCEL = "✖️ Cancel"
PLAN_PUBLISHED = "✅ Published week {week_number} for <b>{athlete}</b>. They've been sent the plan."
PLAN_PUBLISHED_UNREACHABLE = (
    "✅ Published week {week_number} for <b>{athlete}</b>, but I couldn't message them "
    "(they may have blocked me)."
)
ATHLETE_NEW_PLAN = "📋 <b>{trainer}</b> published your plan for the week of {date}:"
PLAN_CANCELLED = "Cancelled. Nothing was saved."
NO_ATHLETES_TO_PLAN = "You have no athletes yet. Send /invite for a link to share with them."

# --- copy week --------------------------------------------------------------------

COPY_PICK_ATHLETE = "Whose week do you want to copy forward?"
COPY_NOTHING = "That athlete has no plan yet to copy. Use /plan to write their first week."
COPY_INVALID = (
    "I couldn't read <b>{text}</b> as a progression. Try <code>+1 rep</code>, <code>+1 set</code>, "
    "<code>+5%</code>, <code>+2.5kg</code>, <code>+10s</code> or <code>same</code>."
)
COPY_DONE = "✅ Copied into week {week_number} ({date}) for <b>{athlete}</b> with {progression}."
BUTTON_NO_CHANGE = "Same again"

# --- assign -----------------------------------------------------------------------

ASSIGN_PICK_ATHLETE = "Which athlete do you want to assign?"
ASSIGN_PICK_TRAINER = "Assign <b>{athlete}</b> to which trainer?"
ASSIGN_DONE = "✅ <b>{athlete}</b> is now coached by <b>{trainer}</b> ({plans_moved})."
ASSIGN_NO_ATHLETES = "There are no athletes to assign."

# --- errors -----------------------------------------------------------------------

CANCELLED = "OK, stopped. Send /help to see what I can do."
NOTHING_TO_CANCEL = "There's nothing to cancel."
NOT_A_TRAINER = "That command is for trainers. Send /help for yours."
NOT_AN_ADMIN = "That command is for admins."
NOT_YOURS = "That isn't yours to change."
NOT_FOUND = (
    "I can't find that any more; it may have been replaced. Send /week for the current plan."
)
PLAN_EXISTS = "That week already has a plan."
PLAN_LOCKED = "That week has done workouts or logs, so it can't be replaced."
WEEK_NOT_PLANNABLE = "You can plan this week and the three after it: pick one of the week buttons."
WEEK_BEFORE_FIRST = (
    "That week is before the athlete's first plan (week 1), so it can't have a plan."
)
ALREADY_TRAINER = "You're already a trainer, so the invite was left for someone else."
DIALOGUE_EXPIRED = "That dialogue has expired. Send its command again, or /cancel."
DIALOGUE_TIMED_OUT = (
    "⌛ Your last dialogue waited too long for an answer, so I closed it; nothing from it "
    "was saved. Send its command again to start over."
)
STALE_BUTTON = "That button has expired. Send the command again."
UNEXPECTED_ERROR = "😕 Sorry, something went wrong on my side. Please try again in a moment."
UNKNOWN_COMMAND = "I don't know that command. Send /help to see what I can do."
DIALOGUE_EXPECTS_BUTTON = "Please tap one of the buttons above, or /cancel."
DIALOGUE_EXPECTS_PLAN = (
    "I can only read a plan sent as text or as a .txt file. Send it that way, or /cancel."
)
DIALOGUE_EXPECTS_LOG = (
    "Please type what you did, e.g. <code>3x10 @ 20kg felt strong</code>, or /cancel."
)
DIALOGUE_EXPECTS_PROGRESSION = (
    "Tap a progression above or type one, e.g. <code>+1 rep</code>, or /cancel."
)

# --- scheduled messages -------------------------------------------------------------

WEEKLY_MESSAGE_INTRO = "☀️ <b>A new training week starts today.</b> Here's your plan:"
# The same message sent later in its week (the bot was down on Monday, or a retry).
WEEKLY_MESSAGE_CATCH_UP_INTRO = "📋 <b>Your plan for this week:</b>"
REMINDER_INTRO = "⏰ <b>Workout day!</b> Tap <b>Done</b> when you've finished."
SUMMARY_INTRO = "📊 <b>Your week in review</b>"
DIGEST_HEADER = "📋 <b>Your athletes' week</b> · {start} – {end}"
DIGEST_TEAM = "Together: {completed}/{total} workouts done ({percentage}%)"
DIGEST_LINE = "{rank}. <b>{name}</b> — week {week_number}: {completed}/{total} workouts ({percentage}%), {minutes}{flag}"
DIGEST_NO_PLAN_HEADER = "<b>No plan this week</b>"
DIGEST_NO_PLAN_LINE = "• <b>{name}</b>{flag}"
DIGEST_UNREACHABLE = " ⚠️ blocked the bot, so they get no messages from me"
DIGEST_EMPTY_WEEK = "None of your athletes had a plan this week."

# --- progress: units, records, charts, export ------------------------------------

UNITS_USAGE = (
    "Loads are shown to you in <b>{unit}</b>, and a load you write without a unit "
    "(<code>@ 40</code>) is read in it. Change it with /units kg or /units lb."
)
UNITS_SET = "Done: loads are now shown in <b>{unit}</b>, and <code>@ 40</code> means 40 {unit}."
RECORD_NEW = "🏆 New record: <b>{exercise}</b> {value}"
RECORD_TRAINER_NOTICE = "🏆 <b>{athlete}</b> · new record: <b>{exercise}</b> {value}"
RECORD_LOAD = "{reps} @ {load}"
RECORD_E1RM = "e1RM {load} (from {reps} @ {from_load})"
RECORD_DISTANCE = "longest {distance}"
RECORD_PACE = "fastest {bucket} pace {pace}"
RECORDS_FOR = " · {athlete}"
RECORDS_HEADER = "🏆 <b>Personal records</b>{who}"
RECORDS_EMPTY = "🏆 No records yet{who}: they come from what is logged with /log."
RECORDS_EXERCISE = "<b>{exercise}</b>"
RECORDS_LINE = "• {value} — {when}"
RECORDS_PICK = "Whose records?"
LOG_INVALID_FORMS = (
    "I couldn't read that. Send what you did, e.g.\n"
    "<code>3x10 @ 20kg felt strong</code> · <code>3x10 @ 40kg RPE 8</code> · "
    "<code>10,10,8 @ 40kg</code> (set by set) · <code>3x60s</code> · "
    "<code>5km in 27:30</code> · <code>6x400m in 1:32</code>.\n"
    "<code>m</code> is metres; minutes are <code>min</code>."
)
PROGRESS_PICK_ATHLETE = "📈 Whose progress?"
PROGRESS_PICK = "📈 <b>{athlete}</b>: which chart? Exercises most logged first."
BUTTON_WEEKLY_COMPLETION = "📅 Completion of every week"
BUTTON_ROSTER_COMPLETION = "👥 My athletes this week"
CHART_EXERCISE_CAPTION = "📈 <b>{athlete}</b> · {exercise}"
CHART_WEEKS_CAPTION = "📅 <b>{athlete}</b> · completion of every week"
CHART_ROSTER_CAPTION = "👥 Your athletes' completion this week"
CHART_RENDERING = "Drawing the chart…"
EXPORT_PICK = "📦 Whose data do you want as CSV files?"
BUTTON_EXPORT_ALL = "👥 All my athletes"
EXPORT_CAPTION = (
    "📦 <b>{who}</b>: {table}.csv, rows: {rows}. UTF-8, one header row, ISO dates; "
    "the columns are described in docs/export.md."
)
EXPORT_ALL_WHO = "All your athletes"
EXPORT_DONE = "📦 Done: {count} files ({tables})."
HISTORY_EXERCISES = "Tap an exercise for its last logs:"
HISTORY_EXERCISE_HEADER = "📝 <b>{name}</b> — your last {count} logs (newest first):"
BUTTON_HISTORY_EXERCISE = "📝 {name}"
BUTTON_BACK_TO_WEEKS = "◀️ Your weeks"

# --- relay: log notices, messages between athletes and trainers, form checks ---
LOG_NOTICE = "📝 {athlete} · {exercise}: {done} (planned {planned}){note}"
LOG_NOTICE_NOTE = " — {note}"
LOG_ASK_FORM_CHECK = "Or send a photo or video of your form for your trainer to check."
RELAY_TEXT = "💬 <b>{sender}</b>: {text}"
RELAY_MEDIA = "💬 <b>{sender}</b>"
RELAY_MEDIA_CAPTION = "💬 <b>{sender}</b>: {caption}"
FORM_CHECK_HEADER = "🎥 Form check · {exercise} ({planned})"
RELAY_SENT = "✅ Sent to {recipient}."
FORM_CHECK_SENT = "🎥 Sent to {recipient} as a form check of <b>{exercise}</b>."
RELAY_NOT_DELIVERED = "⚠️ I couldn't deliver that to {recipient}{why}. It is kept; try again later."
RELAY_WHY_BLOCKED = " (they have blocked the bot)"
RELAY_NO_TRAINER = (
    "You have no trainer yet, so there's no one to pass this on to. Ask your trainer for "
    "their invite link and open it; then what you send here reaches them."
)
RELAY_TRAINER_HINT = (
    "I don't know that command, and you have no trainer to pass text on to. To write to "
    "an athlete, reply to a message of theirs I passed on, or tap 💬 Message on their "
    "card (/athletes)."
)
RELAY_NOT_RELAYED = (
    "That message isn't one I passed on from an athlete, so I don't know whom to send "
    "your reply to. Reply to an athlete's 💬 message, or tap 💬 Message on their card."
)
RELAY_MOVED_ON = "That athlete has another trainer now, so your reply was not sent."
RELAY_TRAINER_CHANGED = (
    "That message came from a trainer who doesn't coach you any more, so your reply was "
    "not sent. Write without replying to reach your trainer now."
)
MESSAGE_ASK = (
    "💬 Write your message to <b>{athlete}</b>: text, a photo, a video, a voice message "
    "or a file. /cancel to stop."
)
DIALOGUE_EXPECTS_MESSAGE = "Send text, a photo, a video, a voice message or a file, or /cancel."
RELAY_UNSUPPORTED = (
    "I can pass on text, photos, videos, voice messages and files, not this kind of message."
)
# --- roles: help and menus by role, /assign confirmation, trainer introductions ---

WELCOME_ADMIN = (
    "👋 Hi {name}! I'm <b>Coach</b>, and you run it. Make trainers with /addtrainer "
    "(a single-use link; I'll tell you when it's used) and move athletes between "
    "trainers with /assign."
)
HELP_GENERAL = (
    "<b>Settings</b>\n"
    "/timezone <i>Area/City</i> — your timezone (now {timezone})\n"
    "/trainers — our trainers\n"
    "/units kg|lb — the unit loads are shown in\n"
    "/cancel — leave what you're doing"
)
OWN_TRAINER = "Nobody can be their own trainer: pick someone else."
ASSIGN_NO_OTHER_TRAINERS = (
    "There is no other trainer for <b>{athlete}</b> yet. /addtrainer makes an invite link."
)
ASSIGN_CONFIRM_QUESTION = (
    "Assign <b>{athlete}</b> to <b>{trainer}</b>? "
    "Their current and future plans move to {trainer}.{previous}"
)
ASSIGN_CONFIRM_PREVIOUS = "\n<i>Coached by {previous} until now.</i>"
BUTTON_CONFIRM = "✅ Confirm"
ASSIGN_NEW_ATHLETE = "🎉 <b>{athlete}</b> is now your athlete."
ASSIGN_INTRODUCTION = "🤝 Your trainer is now <b>{trainer}</b>.{introduction}"
ASSIGN_TOLD_PREVIOUS = (
    "👋 <b>{athlete}</b> now trains with <b>{trainer}</b>; "
    "their current and future plans went along."
)
TRAINER_INTRODUCTION = "\n\n{lines}"
TRAINER_INTRODUCTION_SPECIALIZATION = "<b>{name}</b> · {specialization}"
TRAINER_INTRODUCTION_NAME = "<b>{name}</b>"
TRAINER_LINK_USED = "🎉 <b>{trainer}</b> used your trainer link and is now a trainer."
MENU_GENERAL = (
    ("timezone", "Set your timezone"),
    ("trainers", "Our trainers"),
    ("help", "What I can do"),
    ("cancel", "Leave the current dialogue"),
)
# --- programs: /programs, program publishing, /max, generated weeks ---
PROGRAMS_LIST = "📚 <b>Your programs</b>\n{programs}\n\nEach has Preview, Publish and Delete below."
PROGRAMS_LINE = P_("• <b>{name}</b> — {weeks} week", "• <b>{name}</b> — {weeks} weeks")
PROGRAMS_NONE = (
    "📚 You have no programs yet. A program is 1–16 weeks that athletes follow week by "
    "week; tap <b>➕ New program</b> to write one."
)
BUTTON_NEW_PROGRAM = "➕ New program"
BUTTON_PROGRAM_PREVIEW = "👁 {name}"
BUTTON_PROGRAM_PUBLISH = "📤 Publish"
BUTTON_PROGRAM_DELETE = "🗑 Delete"
BUTTON_PROGRAM_DELETE_CONFIRM = "🗑 Yes, delete it"
PROGRAM_ASK_NAME = "📚 What is the new program called? (at most 60 characters; /cancel to stop)"
PROGRAM_BAD_NAME = "A program's name is 1 to 60 characters. Send the name again."
PROGRAM_ASK_TEXT = (
    "Send <b>{name}</b> as text or a .txt file, in one of two forms.\n\n"
    "<b>Each week written out</b>, under <code>Week N</code> lines (1–16 weeks):\n"
    "<pre>Week 1\nMon: Legs (45 min)\n- Back squat 3x8-12 @ 40kg\n- Bench press 5x5 @ 75%\n"
    "Week 2\nMon: Legs (45 min)\n- Back squat 3x8-12 @ 40kg\n- Bench press 5x5 @ 80%</pre>\n"
    "<b>A base week and a progression per later week</b>:\n"
    "<pre>Mon: Legs (45 min)\n- Back squat 5x5 @ 100kg\nProgression:\nWeek 2: +5%\n"
    "Week 3: +1 set\nWeek 4: -10%</pre>\n"
    "<code>3x8-12</code> is a rep range: a rep more each week until the athlete logs the "
    "top on every set, then one load step up and back to the bottom. <code>@ 75%</code> "
    "is 75% of the athlete's training max (/max), else of their best recent e1RM."
)
PROGRAM_SAVED = P_(
    "✅ Saved <b>{name}</b>: {weeks} week.", "✅ Saved <b>{name}</b>: {weeks} weeks."
)
PROGRAM_PREVIEW = "👁 <b>{name}</b>, week {index} of {weeks} (as written):\n\n{plan}"
PROGRAM_DELETE_ASK = (
    "Delete <b>{name}</b>? Athletes following it keep the weeks already made, and get no more."
)
PROGRAM_DELETED = "🗑 Deleted <b>{name}</b>."
PROGRAM_MISSING_MAXES = (
    "⚠️ No training max or logs for {athlete}: {exercises}. Those lines go without a load; "
    "set one with <code>/max {athlete} {first} 100kg</code>."
)
BUTTON_PROGRAM_START = "Week {index}"
PROGRAM_WEEK_GENERATED = (
    "📚 <b>{name}</b> week {index} of {weeks} is ready for <b>{athlete}</b>, week of {date} "
    "(from what they logged so far):\n\n{plan}"
)
PROGRAM_WEEK_KEPT = (
    "📚 <b>{name}</b> week {index} for <b>{athlete}</b> was not made: the week of {date} "
    "already has a plan, which stays."
)
DIALOGUE_EXPECTS_PROGRAM = "Send the program as text (or a .txt file), or /cancel."
DIALOGUE_EXPECTS_PROGRAM_NAME = "Send the program's name as text, or /cancel."
MAX_USAGE = (
    "🏋️ Training maxes are what <code>@ 75%</code> in a program means.\n"
    "<code>/max</code> — your athletes' maxes\n"
    "<code>/max Ana</code> — Ana's\n"
    "<code>/max Ana Back squat 100kg</code> — set one\n"
    "<code>/max Ana Back squat off</code> — remove it"
)
MAX_LIST = "🏋️ <b>Training maxes</b>\n{lines}"
MAX_LINE = "• {athlete}: {exercise} {load}"
MAX_NONE = "🏋️ No training maxes yet.\n\n" + MAX_USAGE
MAX_UNKNOWN_ATHLETE = (
    'None of your athletes is called "{name}". Start with the athlete\'s name as in '
    "/athletes, like <code>/max Ana Back squat 100kg</code>."
)
MAX_BAD_LOAD = (
    'I couldn\'t read "{text}". Write the exercise then the load with its unit, like '
    "<code>/max {athlete} Back squat 100kg</code>, or <code>off</code> to remove one."
)
MAX_SET = "🏋️ {athlete}: training max for {exercise} is now {load}."
MAX_REMOVED = "🏋️ {athlete}: removed the training max for {exercise}."
MAX_NOT_THERE = "{athlete} has no training max for {exercise}; nothing changed."
# --- templates: plan templates, athlete groups, publish to many ---
BUTTON_SAVE_TEMPLATE = "💾 Save as template"
TEMPLATE_ASK_NAME = (
    "💾 What should this template be called? Send a name (up to 64 characters), or /cancel."
)
TEMPLATE_SAVED = "💾 Saved as template <b>{name}</b>. /templates lists your templates."
TEMPLATE_SAVED_STILL_PUBLISH = (
    "You can still publish the preview above for <b>{athlete}</b> (Cancel leaves their week "
    "unplanned; the template stays saved):"
)
TEMPLATE_NAME_TAKEN = (
    "You already have a template called <b>{name}</b>. Send another name, or /cancel."
)
GROUP_NAME_TAKEN = "You already have a group called <b>{name}</b>. Send another name, or /cancel."
NAME_TAKEN = "You already have one of that name. Pick another name."
NAME_INVALID = "A name is one line of 1 to 64 characters. Send another, or /cancel."
TEMPLATES_HEADER = (
    "📑 <b>Your templates</b> ({total}). Tap one to preview, publish, rename or delete it."
)
TEMPLATES_EMPTY = (
    "📑 You have no templates yet. Save one with <b>💾 Save as template</b> on a /plan "
    "preview, or from one of your athletes' weeks below."
)
BUTTON_TEMPLATE = "📑 {name}"
BUTTON_TEMPLATE_FROM_WEEK = "➕ From an athlete's week"
TEMPLATE_CARD = "📑 <b>{name}</b>\n\n{plan}"
BUTTON_TEMPLATE_PUBLISH = "📤 Publish"
BUTTON_RENAME = "✏️ Rename"
BUTTON_DELETE = "🗑 Delete"
BUTTON_BACK_TO_TEMPLATES = "◀️ Templates"
TEMPLATE_ASK_RENAME = "✏️ Send the new name for <b>{name}</b>, or /cancel."
TEMPLATE_RENAMED = "✏️ Renamed to <b>{name}</b>."
TEMPLATE_CONFIRM_DELETE = "🗑 Delete the template <b>{name}</b>? Plans published from it stay."
BUTTON_CONFIRM_DELETE = "🗑 Yes, delete"
BUTTON_BACK = "◀️ Back"
TEMPLATE_DELETED = "🗑 Deleted the template <b>{name}</b>."
TEMPLATE_PICK_ATHLETE = "Whose week do you want to save as a template?"
TEMPLATE_PICK_WEEK = "Which of <b>{athlete}</b>'s weeks?"
TEMPLATE_NO_WEEKS = "<b>{athlete}</b> has no weeks yet. Write one with /plan."
BUTTON_TEMPLATE_WEEK = "Week {week_number} · {date}"

GROUPS_HEADER = "👥 <b>Your groups</b>. Tap one to rename it, edit its athletes or delete it."
GROUPS_EMPTY = (
    "👥 You have no groups yet. A group lets you publish a template to several athletes at once."
)
BUTTON_GROUP = "👥 {name} ({count})"
BUTTON_NEW_GROUP = "➕ New group"
GROUP_ASK_NAME = "👥 Send the new group's name (up to 64 characters), or /cancel."
GROUP_MEMBERS = (
    "👥 <b>{name}</b>: tap athletes to add or remove them (✅ = in the group), then "
    "<b>Save</b>. {count} chosen."
)
GROUP_NO_ATHLETES = "You have no athletes yet. Send /invite for a link to share with them."
BUTTON_MEMBER_IN = "✅ {name}"
BUTTON_SAVE = "💾 Save"
GROUP_CARD = P_(
    "👥 <b>{name}</b> — {count} athlete:\n{members}",
    "👥 <b>{name}</b> — {count} athletes:\n{members}",
)
GROUP_CARD_EMPTY = "👥 <b>{name}</b> has no athletes yet."
BUTTON_EDIT_MEMBERS = "👥 Edit athletes"
BUTTON_BACK_TO_GROUPS = "◀️ Groups"
GROUP_ASK_RENAME = "✏️ Send the new name for <b>{name}</b>, or /cancel."
GROUP_CONFIRM_DELETE = "🗑 Delete the group <b>{name}</b>? Its athletes and their plans stay."
GROUP_DELETED = "🗑 Deleted the group <b>{name}</b>."

PUBLISH_WHO = (
    "📤 Publish <b>{name}</b> to whom? Tap athletes and groups (✅ = chosen), then "
    "<b>Next</b>. {count} chosen."
)
PUBLISH_NOBODY_TO_PICK = "You have no athletes yet. Send /invite for a link to share with them."
BUTTON_NEXT = "Next ▶️"
PUBLISH_PICK_SOMEONE = "Tap at least one athlete or group first."
PUBLISH_PICK_WEEK = P_(
    "📤 <b>{name}</b> for {count} athlete: which week?",
    "📤 <b>{name}</b> for {count} athletes: which week?",
)
PUBLISH_PREVIEW = P_(
    "<b>Preview</b>: <b>{name}</b>, week of {date}, for {count} athlete:\n{lines}",
    "<b>Preview</b>: <b>{name}</b>, week of {date}, for {count} athletes:\n{lines}",
)
PUBLISH_LINE_NEW = "• {athlete}"
PUBLISH_LINE_UNTOUCHED = (
    "• {athlete} — already has a plan that week, untouched: kept unless you replace untouched ones"
)
PUBLISH_LINE_STARTED = "• {athlete} — that week is started (done or logged): skipped"
PUBLISH_LINE_NOTE = "  ⚠️ {note}"
PUBLISH_PLAN_FOR = "\n<b>{athletes}</b>:\n{plan}"
BUTTON_REPLACE_UNTOUCHED = "♻️ Publish, replace untouched ones"
PUBLISH_RUNNING = P_(
    "⏳ Publishing <b>{name}</b> to {count} athlete…",
    "⏳ Publishing <b>{name}</b> to {count} athletes…",
)
PUBLISH_DONE = P_(
    "✅ Published <b>{name}</b>, week of {date}, to {count} athlete: {athletes}.",
    "✅ Published <b>{name}</b>, week of {date}, to {count} athletes: {athletes}.",
)
PUBLISH_DONE_NOBODY = "Nothing was published: <b>{name}</b>, week of {date}."
PUBLISH_SKIPPED = "Skipped ({count}):\n{lines}"
PUBLISH_SKIP_UNTOUCHED = (
    "• {athlete} — already has an untouched plan (choose “Replace untouched ones” to replace it)"
)
PUBLISH_SKIP_STARTED = "• {athlete} — that week is already started"
PUBLISH_SKIP_BEFORE_FIRST = "• {athlete} — that week is before their week 1"
PUBLISH_SKIP_GONE = "• {athlete} — no longer your athlete"
PUBLISH_UNDELIVERED = "📵 Couldn't message: {athletes} (they may have blocked me)."
# --- weekedit: edit, delete and copy a week; /profile ---
BUTTON_PLANNED_WEEK = "📋 {label}"  # a week in the picker that has a plan
BUTTON_DELETE_WEEK = "🗑 Delete this week"
BUTTON_DELETE_CONFIRM = "🗑 Delete"
BUTTON_DELETE_KEEP = "Keep"
PLAN_ASK_EDIT = (
    "That week is under way. Here it is to edit: lines starting with ✓ are done or logged "
    "workouts, kept exactly as they are (leave their lines unchanged). Everything else is "
    "replaced by what you send."
)
PLAN_EDIT_PREVIEW_CHANGES = "<b>What changes</b>:\n{changes}"
PLAN_EDIT_NO_CHANGES = "<i>Nothing changes.</i>"
PLAN_EDITED = "✅ Updated week {week_number} for <b>{athlete}</b>. They've been told what changed."
PLAN_EDITED_UNREACHABLE = (
    "✅ Updated week {week_number} for <b>{athlete}</b>, but I couldn't message them "
    "(they may have blocked me)."
)
ATHLETE_PLAN_CHANGED = "✏️ <b>{trainer}</b> changed your plan for the week of {date}:\n{changes}"
PLAN_CHANGE_LINE = "• {change}"
PLAN_EDIT_UNCHANGED = "Nothing changed in the week of <b>{athlete}</b>, so they weren't messaged."
PLAN_DELETE_ASK = (
    "Delete the plan of <b>{athlete}</b> for the week of {date}? {athlete} will be told."
)
PLAN_DELETE_ASK_STARTED = P_(
    "⚠️ The week of {date} of <b>{athlete}</b> has {count} done or logged workout. "
    "Deleting it deletes it and its log too, for good. Delete it? {athlete} will be told.",
    "⚠️ The week of {date} of <b>{athlete}</b> has {count} done or logged workouts. "
    "Deleting it deletes them and their logs too, for good. Delete it? {athlete} will be told.",
)
PLAN_DELETED = "🗑 Deleted the plan of <b>{athlete}</b> for the week of {date}. They've been told."
PLAN_DELETE_KEPT = "Kept. Send the corrected plan text, or /cancel."
ATHLETE_PLAN_DELETED = "🗑 <b>{trainer}</b> removed your plan for the week of {date}."
WORKOUT_REMOVED = (
    "I can't find that workout: it was removed from your plan — /today shows the current one."
)
PROFILE_VIEW = (
    "<b>{name}</b>\nSpecialization: {specialization}\nBio: {bio}\nLoad step: {step} "
    "(copied loads are rounded to it)\n\nChange them with\n"
    "<code>/profile specialization Strength and conditioning</code>\n"
    "<code>/profile bio Ten years of coaching…</code>\n"
    "<code>/profile step 1.25</code> (also <code>1.25kg</code>, <code>5lb</code>)"
)
PROFILE_BIO_NONE = "no bio yet"
PROFILE_BIO_SAVED = "✅ Bio saved:\n{bio}"
PROFILE_BIO_EMPTIED = "✅ Bio cleared."
PROFILE_STEP_SET = "✅ Load step set to <b>{step}</b>: copied loads are rounded to it."
PROFILE_STEP_BAD = (
    "I couldn't use <b>{text}</b> as a load step: {reason}. Send e.g. "
    "<code>/profile step 2.5</code>, <code>/profile step 1.25kg</code> or "
    "<code>/profile step 5lb</code>."
)
PROFILE_VALUE_MISSING = "Write the {field} after the word, e.g. <code>/profile {field} …</code>"
COPY_PICK_SOURCE = "Which week of <b>{athlete}</b> do you want to copy?"
BUTTON_COPY_SOURCE = "Week {week_number} · {date}"
COPY_PICK_TARGET = "Copy the week of {source} of <b>{athlete}</b> into which week?"
COPY_TARGET_SAME = "That's the week you're copying. Pick another week."
COPY_TARGET_STARTED = (
    "The week of {date} already has done workouts or logs, so a copy can't replace it. "
    "Pick another week, or edit it with /plan."
)
COPY_ASK_REPLACE = (
    "The week of {date} of <b>{athlete}</b> already has a plan (nothing in it done yet). "
    "Replace it with the copy?"
)
BUTTON_COPY_REPLACE = "Replace it"
COPY_ASK_PROGRESSION_INTO = (
    "Copy the week of {source} of <b>{athlete}</b> into the week of {target}.\n"
    "Tap a progression or send your own, e.g. <code>+1 rep, +5%</code>, <code>+1 set</code>, "
    "<code>+2.5kg</code>, <code>+10s</code>. Loads are rounded to your load step ({step}; "
    "/profile step changes it)."
)
COPY_PREVIEW = (
    "<b>Preview</b> for {athlete}, week of {target}, with {progression} "
    "(loads rounded to {step}):\n\n{plan}"
)

# --- card: the roster of buttons and the athlete card ---
ROSTER_HEADER = "<b>Your athletes</b> ({count}) · this week · tap one for their card"
ROSTER_LEGEND = (
    "⚠️ behind their 4-week average · 💤 nothing ticked for 4 days · 📵 blocked the bot · "
    "📭 no plan for next week · 📝 no check-in last week"
)
ROSTER_PAGE = "Page {page} of {pages}"
ROSTER_BUTTON = "{flags}{name} · {state}"
ROSTER_BUTTON_PERCENT = "{percentage}%"
ROSTER_BUTTON_NO_PLAN = "no plan"
FLAG_BEHIND = "⚠️"
FLAG_IDLE = "💤"
FLAG_UNREACHABLE = "📵"
FLAG_NO_NEXT_PLAN = "📭"
FLAG_NO_CHECKIN = "📝"
CARD_FLAG_BEHIND = "⚠️ behind their 4-week average"
CARD_FLAG_IDLE = "💤 nothing ticked for 4 days"
CARD_FLAG_UNREACHABLE = "📵 blocked the bot"
CARD_FLAG_NO_NEXT_PLAN = "📭 no plan for next week"
CARD_FLAG_NO_CHECKIN = "📝 no check-in last week"
CARD_HEADER = "👤 <b>{name}</b>"
CARD_LOCAL_TIME = "🕒 {time} · {weekday} ({timezone})"
CARD_WEEK_HEADER = "<b>This week</b> · week {week_number} ({start} – {end})"
CARD_WEEK_NONE = "<b>This week</b>: no plan."
CARD_WORKOUT = "{mark} {day} · {title}"
CARD_WEEK_EMPTY = "(no workouts)"
CARD_LOGS_HEADER = "<b>Latest logs</b>"
CARD_LOG = "• {when} · {exercise}: {done} (planned {planned})"
CARD_LOG_NOTE = " — <i>{notes}</i>"
CARD_COMPLETION = (
    "<b>Completion</b>: this week {this_week} · last 4 weeks {four_weeks} · "
    "last 12 weeks {twelve_weeks}"
)
CARD_COMPLETION_VALUE = "{percentage}% ({completed}/{total})"
CARD_COMPLETION_NONE = "—"
CARD_FLAGS_HEADER = "<b>Needs attention</b>"
BUTTON_CARD_PLAN = "📝 Plan a week"
BUTTON_CARD_EDIT = "✏️ Edit this week"
BUTTON_CARD_COPY = "📋 Copy a week"
BUTTON_CARD_PROGRESS = "📈 Progress"
BUTTON_CARD_MESSAGE = "💬 Message"
BUTTON_CARD_HISTORY = "📅 History"
BUTTON_BACK_TO_ATHLETES = "◀️ Back to athletes"
BUTTON_BACK_TO_CARD = "◀️ {name}'s card"
CARD_HISTORY_HEADER = "<b>{name}'s weeks</b> (newest first)"
CARD_HISTORY_EMPTY = "<b>{name}</b> has no weeks yet."
ATTENTION_HEADER = "🔎 <b>Thursday check</b> · who needs your attention"
ATTENTION_LINE = "• <b>{name}</b> — {reasons}"
ATTENTION_NO_PLAN_HEADER = "📭 <b>No plan for next week</b>: {names}"
ATTENTION_FOOTER = "Send /athletes for their cards."
# --- weekly: tick rules, true trainer notices, minutes, digest logs, check-ins ---
TICK_NEXT_WEEK = "This is next week's workout — you can tick it from {day}."
TICK_NOT_OPEN = "That workout's week hasn't started yet — you can tick it from its Monday."
TICK_LATER_WEEK = "This workout is for the week of {week} — you can tick it from {day}."
TICK_CLOSED = (
    "That week is over: a week's workouts can be ticked until the Tuesday after it. "
    "Nothing was changed."
)
TRAINER_TOLD_DONE_OF_WEEK = (
    "💪 <b>{athlete}</b> finished <b>{title}</b> ({day}) — week {week_number}: "
    "{completed} of {total} done."
)
TRAINER_NOTICE_UNDONE = (
    "↩️ <s>{athlete} finished {title} ({day})</s> — undone. "
    "Week {week_number}: {completed} of {total} done."
)
TRAINER_NOTICE_CORRECTION = (
    "↩️ Correction: <b>{athlete}</b> undid <b>{title}</b> ({day}) — week {week_number}: "
    "{completed} of {total} done."
)
# After the lines listed in one paced message (bot/trainer_notices.py), the ones that are not.
TRAINER_NOTICES_MORE_DONE = P_(
    "…and {count} more workout done (/athletes has them all).",
    "…and {count} more workouts done (/athletes has them all).",
)
TRAINER_NOTICES_MORE_UNDONE = P_(
    "…and {count} more workout undone.", "…and {count} more workouts undone."
)
SUMMARY_MINUTES_LOGGED = "Minutes: {completed_minutes} logged of {planned_minutes} planned"
SUMMARY_NO_TIME_LOGGED = "Minutes: no time logged ({planned_minutes} planned)"
DIGEST_MINUTES_LOGGED = "{completed_minutes} of {planned_minutes} min"
DIGEST_NO_TIME_LOGGED = "no time logged"
DIGEST_LOG_LINE = "   · {exercise}: {done}{planned}{notes}"
DIGEST_LOG_PLANNED = " (planned {planned})"
DIGEST_LOG_NOTES = " — {notes}"
DIGEST_LOGS_MORE = "   · … and {count} more"
DIGEST_CHECKIN_LINE = "   {checkin}"
CHECKIN_ENERGY_PART = "⚡{value}"
CHECKIN_SLEEP_PART = "😴{value}"
CHECKIN_SORENESS_PART = "💢{value}"
CHECKIN_WEIGHT_PART = "{weight} {unit}"
CHECKIN_NOTE_PART = "“{note}”"
CHECKIN_ALL_SKIPPED = "checked in, everything skipped"
CHECKIN_ASK = "💬 <b>How was your week?</b> Tell your trainer in four taps."
BUTTON_CHECKIN = "📝 Check in"
BUTTON_SKIP = "Skip ⏭"
CHECKIN_ENERGY_ASK = (
    "📝 Check-in · week {week_number}\n\n⚡ <b>Energy</b> this week? 1 = drained, 5 = full of it."
)
CHECKIN_SLEEP_ASK = "📝 Check-in · week {week_number}\n\n😴 <b>Sleep</b>? 1 = poor, 5 = great."
CHECKIN_SORENESS_ASK = (
    "📝 Check-in · week {week_number}\n\n💢 <b>Soreness</b>? 1 = none, 5 = very sore."
)
CHECKIN_WEIGHT_ASK = (
    "📝 Check-in · week {week_number}\n\n⚖️ Your <b>body weight</b> in {unit}? "
    "Send a number, e.g. <code>{example}</code>, or tap Skip."
)
CHECKIN_WEIGHT_INVALID = (
    "I couldn't read that as a body weight. Send a number in {unit}, e.g. "
    "<code>{example}</code> (or <code>160 lb</code>, <code>72.4 kg</code>), or tap Skip."
)
CHECKIN_NOTE_ASK = (
    "📝 Check-in · week {week_number}\n\n🗒 Anything to tell your trainer about the week? "
    "Send a note, or tap Skip."
)
CHECKIN_NOTE_TOO_LONG = "That note is too long: keep it under {limit} characters, or tap Skip."
CHECKIN_EXPECTS_WEIGHT = "Send your body weight as a number (e.g. 72.4), or tap Skip."
CHECKIN_EXPECTS_NOTE = "Send your note as text, or tap Skip."
CHECKIN_NOTE_TOO_LONG_SHORTEN = "That note is too long: send a shorter one, or tap Skip."
CHECKIN_DONE = "✅ Check-in saved for week {week_number}: {checkin}\nThanks — your trainer sees it."
CHECKIN_CLOSED = (
    "That check-in is closed: a week's check-in can be answered until the end of the "
    "week after it. The next one comes with Sunday's summary."
)
DIGEST_CHECKIN_LAST_WEEK = "   last week: {checkin}"
TRAINER_TOLD_CHECKIN = "📝 <b>{athlete}</b> checked in · week {week_number}: {checkin}"


# --- roster: programs published to many ---
PUBLISH_PICK_START = (
    "📤 <b>{name}</b> from the week of {date}: which of its {weeks} weeks comes first? "
    "(Week 1 for athletes new to it.) The weeks after it are made for each athlete on the "
    "Friday before each Monday, from what they logged by then."
)
PUBLISH_LINE_MISSING_MAXES = (
    "  ⚠️ no training max or logs for {exercises}: those lines go without a load; "
    "set one with <code>/max {athlete} {first} 100kg</code>"
)
PUBLISH_MISSING_MAXES = (
    "⚠️ Published without a load, no training max or logs (set one with /max):\n{lines}"
)
PUBLISH_MISSING_MAXES_LINE = "• {athlete}: {exercises}"
BUTTON_PROGRAM_FROM_TEMPLATE = "📄 Build it on a template"
PROGRAM_PICK_TEMPLATE = "📄 Which template is week 1 of <b>{name}</b>?"
PROGRAM_NO_TEMPLATES = (
    "You have no templates yet: save one from a /plan preview or /templates, or send "
    "<b>{name}</b> as text."
)
PROGRAM_ASK_PROGRESSIONS = (
    "Week 1 of <b>{name}</b> is <b>{template}</b>:\n\n{plan}\n\n"
    "How does each later week change from the one before? One line per week:\n"
    "<pre>Week 2: +1 rep\nWeek 3: +5%\nWeek 4: -10%</pre>\n"
    "Progressions: <code>+1 rep</code>, <code>+1 set</code>, <code>+5%</code>, "
    "<code>+2.5kg</code>, <code>+10s</code>, <code>-10%</code> (a deload), or "
    "<code>same</code>; several in one line with commas."
)
DIALOGUE_EXPECTS_PROGRESSIONS = (
    'Send one progression per week as text, like "Week 2: +1 rep", or /cancel.'
)
# --- wiring: the card's latest check-in and latest messages; /assign sends the card ---
CARD_CHECKIN = "<b>Latest check-in</b> · week of {week}\n{checkin}"
CARD_MESSAGES_HEADER = "<b>Latest messages</b>"
CARD_MESSAGE = "• {when} · {direction} · {kind}{text}"
CARD_MESSAGE_FROM = "from {name}"
CARD_MESSAGE_TO = "to {name}"
CARD_MESSAGE_BODY = " “{text}”"
CARD_MESSAGE_TEXT = "💬"
CARD_MESSAGE_PHOTO = "📷 photo"
CARD_MESSAGE_VIDEO = "🎬 video"
CARD_MESSAGE_VOICE = "🎤 voice"
CARD_MESSAGE_DOCUMENT = "📄 document"
CARD_MESSAGE_FORM_CHECK = "🎥 form check · {exercise}"
ASSIGN_CARD = "{headline}\n\n{card}"
# --- i18n: the language, counted texts ----------------------------------------------

LANGUAGE_PICK = "🌐 Your language is <b>{language}</b>. Tap one to change it:"
LANGUAGE_SET = "🌐 Done: I'll talk to you in English from now on."
MENU_LANGUAGE = (("language", "Choose your language"),)
HELP_LANGUAGE = "/language — the language I talk to you in"
# Counted texts: texts.PROBLEMS(n).format(count=n) picks the language's plural form.
PROBLEMS = P_("{count} problem", "{count} problems")
PLANS_MOVED = P_("{count} plan moved", "{count} plans moved")
WORKOUTS = P_("{count} workout", "{count} workouts")
# Chart labels (bot/charts.py): composed before drawing, in the reader's language.
CHART_LOAD = "Load ({unit})"
CHART_TOP_SET = "Top set"
CHART_E1RM = "e1RM (Epley)"
CHART_DISTANCE_KM = "Distance (km)"
CHART_DISTANCE = "Distance"
CHART_PACE_MIN_KM = "Pace (min/km)"
CHART_PACE = "Pace"
CHART_WEEKS_TITLE = "{athlete} · weekly completion"
CHART_WEEK_LABEL = "W{number}\n{date}"
CHART_WORKOUTS_DONE = "Workouts done (%)"
CHART_COMPLETION = "Completion"
CHART_ROSTER_TITLE = "{trainer}'s athletes · this week"
CHART_NO_DATA = "No data yet"
PER_SIDE = " each"

# --- i18n2: plural texts, the feature branches' texts outside texts.py ---

# --- exporti18n: /export en, the header rows for scripts ---
EXPORT_USAGE = (
    "📦 <code>/export {argument}</code> is not something I know. <code>/export</code>"
    " sends your data as CSV files with the header rows in your language;"
    " <code>/export en</code> keeps the English column names that scripts read."
)

# Last: the constants above become msgids, and texts.NAME their translation (bot/i18n.py).
i18n.install(globals())
