//! Gestures: the article's five small ways to reach toward a partner, planned,
//! done, and noticed by the one who received them; plus the appreciation
//! journal. No streaks and no contest: a week is summarised gently.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::couple::FormError;
use super::dates::{local_day, local_midnight, OffsetAt};
use super::figures::keep_to;
use super::record::{need, Author, Ctx, Id, Meta, MissingField, Records};

pub const TEXT_MAX: usize = 500;

/// The five kinds, in the article's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Tell them they are loved, and that you want to be on one side again.
    SayIt,
    /// A thoughtful surprise, chosen for them.
    Special,
    /// Thank them for a time they made you feel loved.
    Thanks,
    /// Tell them you're happy it's the two of you.
    Glad,
    /// Ask for more time together, and plan it together.
    UsTime,
}
super::record::unit_enum_deserialize!(Kind {
    SayIt = "say_it",
    Special = "special",
    Thanks = "thanks",
    Glad = "glad",
    UsTime = "us_time",
});

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::SayIt, Kind::Special, Kind::Thanks, Kind::Glad, Kind::UsTime];

    pub fn key(self) -> &'static str {
        match self {
            Kind::SayIt => "say_it",
            Kind::Special => "special",
            Kind::Thanks => "thanks",
            Kind::Glad => "glad",
            Kind::UsTime => "us_time",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Kind::SayIt => "Say it: \u{201c}I love you, let's be a team\u{201d}",
            Kind::Special => "Surprise them with something thoughtful",
            Kind::Thanks => "Thank them for a time they made you feel loved",
            Kind::Glad => "Tell them you're happy it's the two of you",
            Kind::UsTime => "Ask for more us time",
        }
    }

    /// Short name for the week's summary ("gratitude and us time"): never
    /// "thanks", which read as Hearth thanking them.
    pub fn short(self) -> &'static str {
        match self {
            Kind::SayIt => "saying it",
            Kind::Special => "something special",
            Kind::Thanks => "gratitude",
            Kind::Glad => "gladness",
            Kind::UsTime => "us time",
        }
    }

    pub fn why(self) -> &'static str {
        match self {
            Kind::SayIt => "After a stretch of drifting apart, hearing that you are still chosen, and that your partner wants to find the way back with you, helps you both lower your guard.",
            Kind::Special => "A thoughtful surprise says \u{201c}I know you, and I was thinking of you\u{201d} without needing many words.",
            Kind::Thanks => "Naming one real moment, and what it meant to you, shows them exactly how to reach you.",
            Kind::Glad => "In busy or tense seasons it helps to hear, out loud, that you're on the same side and happy about it.",
            Kind::UsTime => "Connection needs time. Asking for it, and dreaming it up together, turns a wish into a plan.",
        }
    }
}

/// How a gesture lands (the five love languages).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Words,
    Acts,
    Gifts,
    Time,
    Touch,
}
super::record::unit_enum_deserialize!(Language {
    Words = "words",
    Acts = "acts",
    Gifts = "gifts",
    Time = "time",
    Touch = "touch",
});

impl Language {
    pub const ALL: [Language; 5] = [
        Language::Words,
        Language::Acts,
        Language::Gifts,
        Language::Time,
        Language::Touch,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Language::Words => "words",
            Language::Acts => "acts",
            Language::Gifts => "gifts",
            Language::Time => "time",
            Language::Touch => "touch",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cost {
    Free,
    Little,
    Treat,
}
super::record::unit_enum_deserialize!(Cost { Free = "free", Little = "little", Treat = "treat" });

impl Cost {
    pub fn label(self) -> &'static str {
        match self {
            Cost::Free => "free",
            Cost::Little => "costs a little",
            Cost::Treat => "a treat",
        }
    }
}

/// A gesture idea written by us.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Idea {
    pub key: &'static str,
    pub kind: Kind,
    pub text: &'static str,
    pub language: Language,
    pub cost: Cost,
}

const fn idea(key: &'static str, kind: Kind, language: Language, cost: Cost, text: &'static str) -> Idea {
    Idea {
        key,
        kind,
        text,
        language,
        cost,
    }
}

use Cost::{Free, Little, Treat};
use Kind::*;
use Language::*;

pub const IDEAS: &[Idea] = &[
    idea("say-kitchen", SayIt, Words, Free, "Say it plainly over coffee: \u{201c}I love you, and I miss us. Let's get back on the same side.\u{201d}"),
    idea("say-note", SayIt, Words, Free, "Leave a note where they'll find it: \u{201c}Still choosing you. Let's find our way back together.\u{201d}"),
    idea("say-hug", SayIt, Touch, Free, "Hold them for a long, slow hug and say you want to feel close again."),
    idea("say-walk", SayIt, Time, Free, "Ask for a walk, and on the way tell them you miss feeling close."),
    idea("say-letter", SayIt, Words, Free, "Write a short letter about what you love in them and what you hope for the two of you."),
    idea("say-message", SayIt, Words, Free, "Send a message in the middle of their day: \u{201c}Thinking of you. You and me, same team.\u{201d}"),
    idea("say-repair", SayIt, Words, Free, "After a tense moment, be the first to say: \u{201c}I don't want to fight. I want us.\u{201d}"),
    idea("say-flowers", SayIt, Gifts, Little, "Bring a few flowers with a card: \u{201c}For the person I want to grow closer to.\u{201d}"),
    idea("special-breakfast", Special, Acts, Little, "Make their favourite breakfast, the way they like it."),
    idea("special-chore", Special, Acts, Free, "Quietly take over a chore they dislike this week."),
    idea("special-playlist", Special, Gifts, Free, "Make a playlist of songs from your story together."),
    idea("special-bath", Special, Touch, Little, "Run them a bath, light a candle, and keep the house quiet for an hour."),
    idea("special-treat", Special, Gifts, Little, "Bring home the small treat they always mention and never buy."),
    idea("special-plan", Special, Time, Treat, "Plan an evening around something they love, down to the details."),
    idea("special-errand", Special, Acts, Free, "Run the errand they've been putting off, before they ask."),
    idea("special-massage", Special, Touch, Free, "Offer a shoulder or foot rub with nothing expected in return."),
    idea("thanks-specific", Thanks, Words, Free, "Pick one moment from this week when they made you feel loved, and tell them about it."),
    idea("thanks-public", Thanks, Words, Free, "Tell a friend, in front of them, something kind they did for you."),
    idea("thanks-note", Thanks, Words, Free, "Leave a sticky note: \u{201c}When you ___, I felt so cared for.\u{201d}"),
    idea("thanks-meal", Thanks, Acts, Little, "Cook them dinner as a thank-you for something they carried lately."),
    idea("thanks-jar", Thanks, Gifts, Little, "Start a jar of small thank-you notes and add the first three."),
    idea("thanks-bedtime", Thanks, Words, Free, "At bedtime, share one moment from today when you felt loved by them."),
    idea("thanks-hand", Thanks, Touch, Free, "Take their hand and thank them for something small that mattered."),
    idea("thanks-photo", Thanks, Gifts, Free, "Send a photo of something they did for you with a line about why it meant a lot."),
    idea("glad-morning", Glad, Words, Free, "Say it first thing in the morning: \u{201c}I'm really glad it's you.\u{201d}"),
    idea("glad-photos", Glad, Time, Free, "Look through old photos together and remember how you found each other."),
    idea("glad-memory", Glad, Words, Free, "Tell them a favourite memory of the two of you, and why it stays with you."),
    idea("glad-dance", Glad, Touch, Free, "Put on a song and dance in the kitchen, just for a minute."),
    idea("glad-keepsake", Glad, Gifts, Little, "Frame or print a photo of the two of you for a place you both see."),
    idea("glad-toast", Glad, Words, Little, "Raise a glass at dinner: \u{201c}To us, and to everything we've come through.\u{201d}"),
    idea("glad-proud", Glad, Words, Free, "Tell them something about them you're proud of."),
    idea("glad-sit", Glad, Time, Free, "Sit close on the sofa, phones away, and tell them how happy you are that it's the two of you."),
    idea("us-ask", UsTime, Words, Free, "Say it kindly: \u{201c}I'd love more time with just you. Can we dream up some together?\u{201d}"),
    idea("us-brainstorm", UsTime, Time, Free, "Set a timer for five minutes and list things you'd both love to do."),
    idea("us-weekly", UsTime, Time, Free, "Suggest one evening a week that belongs to the two of you."),
    idea("us-walk", UsTime, Time, Free, "Take a regular walk together, same day, same time, no errands."),
    idea("us-calendar", UsTime, Acts, Free, "Put your next date in both your calendars tonight."),
    idea("us-childcare", UsTime, Acts, Treat, "Arrange what it takes (a sitter, a friend for the pets, a swapped shift) so you can go out together."),
    idea("us-daytrip", UsTime, Time, Treat, "Propose a day trip somewhere neither of you has been."),
    idea("us-coffee", UsTime, Time, Little, "Invite them for a coffee date in the middle of an ordinary week."),
];

pub fn idea_by_key(key: &str) -> Option<&'static Idea> {
    IDEAS.iter().find(|i| i.key == key)
}

/// An idea the couple wrote themselves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnIdea {
    pub meta: Meta,
    pub kind: Kind,
    pub text: String,
}

/// Where a planned gesture came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    rename_all = "snake_case",
    tag = "type",
    content = "ref",
    try_from = "SourceShape"
)]
pub enum Source {
    Builtin(String),
    Own(Id),
    Free,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state", try_from = "GestureStateShape")]
pub enum GestureState {
    Planned,
    Done {
        at: DateTime<Utc>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
    /// Let go without guilt.
    LetGo {
        at: DateTime<Utc>,
    },
}

/// A stored source, read flat (see [`MissingField`]).
#[derive(Deserialize)]
struct SourceShape {
    #[serde(rename = "type")]
    kind: SourceKind,
    #[serde(rename = "ref")]
    reference: Option<String>,
}

#[derive(Clone, Copy)]
enum SourceKind {
    Builtin,
    Own,
    Free,
}
super::record::unit_enum_deserialize!(SourceKind { Builtin = "builtin", Own = "own", Free = "free" });

impl TryFrom<SourceShape> for Source {
    type Error = MissingField;
    fn try_from(s: SourceShape) -> Result<Self, MissingField> {
        Ok(match s.kind {
            SourceKind::Builtin => Source::Builtin(need(s.reference, "ref")?),
            SourceKind::Own => Source::Own(Id(need(s.reference, "ref")?)),
            SourceKind::Free => Source::Free,
        })
    }
}

/// A stored gesture state, read flat (see [`MissingField`]).
#[derive(Deserialize)]
struct GestureStateShape {
    state: GestureStateKind,
    #[serde(default, with = "super::dates::moment::option")]
    at: Option<DateTime<Utc>>,
    #[serde(default)]
    note: String,
}

#[derive(Clone, Copy)]
enum GestureStateKind {
    Planned,
    Done,
    LetGo,
}
super::record::unit_enum_deserialize!(GestureStateKind {
    Planned = "planned",
    Done = "done",
    LetGo = "let_go",
});

impl TryFrom<GestureStateShape> for GestureState {
    type Error = MissingField;
    fn try_from(s: GestureStateShape) -> Result<Self, MissingField> {
        Ok(match s.state {
            GestureStateKind::Planned => GestureState::Planned,
            GestureStateKind::Done => GestureState::Done {
                at: need(s.at, "at")?,
                note: s.note,
            },
            GestureStateKind::LetGo => GestureState::LetGo {
                at: need(s.at, "at")?,
            },
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Noticed {
    #[serde(with = "super::dates::moment")]
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reply: String,
}

/// A gesture from one partner (`meta.by`) to the other (`to`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gesture {
    pub meta: Meta,
    pub to: Author,
    pub kind: Kind,
    pub source: Source,
    /// The idea's words when planned, so editing an idea later changes nothing here.
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "super::dates::day")]
    pub planned_for: Option<NaiveDate>,
    pub state: GestureState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noticed: Option<Noticed>,
}

impl Gesture {
    pub fn giver(&self) -> Author {
        self.meta.by
    }

    pub fn done_at(&self) -> Option<DateTime<Utc>> {
        match self.state {
            GestureState::Done { at, .. } => Some(at),
            _ => None,
        }
    }

    /// A planned gesture whose day has passed: "still want to?", never "missed".
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.state == GestureState::Planned && self.planned_for.is_some_and(|d| d < today)
    }

    /// The receiver's word back, if any. Alone (`solo`), the hidden
    /// partner's stays out, though the gesture is the giver's to see.
    pub fn reply(&self, solo: bool) -> &str {
        match &self.noticed {
            Some(n) if self.to.shown(solo) => &n.reply,
            _ => "",
        }
    }

    /// Done, not yet acknowledged by the one who received it.
    pub fn to_notice(&self) -> bool {
        self.done_at().is_some() && self.noticed.is_none() && !self.meta.deleted
    }
}

/// "A time you made me feel loved."
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appreciation {
    pub meta: Meta,
    pub text: String,
    /// Private entries are never shown to the other partner.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
    /// When the other partner opened it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::dates::moment::option"
    )]
    pub seen_at: Option<DateTime<Utc>>,
}

impl Appreciation {
    /// Shared and opened: both partners' to read (and to print). A private
    /// entry, or one not opened yet, is still its writer's alone.
    pub fn both_read(&self) -> bool {
        !self.private && self.seen_at.is_some()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gestures {
    #[serde(default)]
    pub items: Records<Gesture>,
    #[serde(default)]
    pub own_ideas: Records<OwnIdea>,
    #[serde(default)]
    pub appreciations: Records<Appreciation>,
}

fn clean_text(s: &str) -> String {
    s.trim().to_string()
}

fn text_error(field: &'static str, text: &str, what: &str) -> Option<FormError> {
    if text.is_empty() {
        Some(FormError {
            field,
            message: format!("Please write {what} first."),
        })
    } else if text.chars().count() > TEXT_MAX {
        Some(FormError {
            field,
            message: keep_to("it", TEXT_MAX),
        })
    } else {
        None
    }
}

/// Titles that differ only in case, spacing or punctuation are the same idea.
fn same_title(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(super::case::lower)
            .collect::<String>()
    };
    norm(a) == norm(b)
}

impl Gestures {
    pub fn live(&self) -> impl DoubleEndedIterator<Item = &Gesture> {
        self.items.iter().filter(|g| !g.meta.deleted)
    }

    /// The gestures Hearth shows: live ones, and alone (`solo`, after
    /// "Just me for now") only the present partner's: the hidden partner's
    /// gestures and notes stay saved but out of sight (`Author::shown`).
    /// Their words back stay out too ([`Gesture::reply`]).
    pub fn shown(&self, solo: bool) -> impl DoubleEndedIterator<Item = &Gesture> {
        self.live().filter(move |g| g.giver().shown(solo))
    }

    /// One partner's own ideas: theirs alone, as their plans are (an idea
    /// may be the surprise they are getting ready).
    pub fn own_ideas_of(&self, by: Author) -> impl Iterator<Item = &OwnIdea> {
        self.own_ideas
            .iter()
            .filter(move |i| !i.meta.deleted && i.meta.by == by)
    }

    fn get_mut(&mut self, id: &Id) -> Result<&mut Gesture, FormError> {
        self.items
            .find_mut(|g| &g.meta.id == id && !g.meta.deleted)
            .ok_or_else(|| FormError {
                field: "gesture",
                message: "That gesture is no longer here.".into(),
            })
    }

    /// Adds an own idea; a duplicate of an existing one (own or ours) is
    /// refused with a message that points to it.
    pub fn add_idea(&mut self, ctx: &mut Ctx, by: Author, kind: Kind, text: &str) -> Result<Id, FormError> {
        let text = clean_text(text);
        if let Some(e) = text_error("idea", &text, "your idea") {
            return Err(e);
        }
        // Only the writer's own list: the other's ideas are not theirs to hear of.
        let message = if self.own_ideas_of(by).any(|i| same_title(&i.text, &text)) {
            "That idea is already on your list, so there's no need to add it twice."
        } else if IDEAS.iter().any(|i| same_title(i.text, &text)) {
            "That one is already among Hearth's ideas, ready to plan."
        } else {
            ""
        };
        if !message.is_empty() {
            return Err(FormError {
                field: "idea",
                message: message.into(),
            });
        }
        let idea = OwnIdea {
            meta: Meta::new(ctx, by),
            kind,
            text,
        };
        let id = idea.meta.id.clone();
        self.own_ideas.push(idea);
        Ok(id)
    }

    pub fn delete_idea(&mut self, ctx: &mut Ctx, id: &Id) {
        if let Some(i) = self.own_ideas.find_mut(|i| &i.meta.id == id) {
            i.meta.deleted = true;
            i.meta.touch(ctx.now);
        }
    }

    /// A gesture's day is today or one ahead ("any day", none, is too): one
    /// gone by is refused, at the field "day", as Us time's plan form does
    /// (`UsTime::start_ahead`). A planned gesture being edited (`id`) may keep
    /// the day it has, its words alone changed.
    pub fn day_ahead(
        &self,
        id: Option<&Id>,
        day: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<(), FormError> {
        match day {
            Some(d)
                if d < today
                    && !self
                        .items
                        .iter()
                        .any(|g| Some(&g.meta.id) == id && g.planned_for == day) =>
            {
                Err(FormError {
                    field: "day",
                    message: concat!(
                        super::dates::day_gone!(),
                        ", or leave it empty for \u{201c}any day\u{201d}."
                    )
                    .into(),
                })
            }
            _ => Ok(()),
        }
    }

    /// Plans a gesture from `by` to the other partner.
    pub fn plan(
        &mut self,
        ctx: &mut Ctx,
        by: Author,
        kind: Kind,
        source: Source,
        text: &str,
        day: Option<NaiveDate>,
    ) -> Result<Id, FormError> {
        let text = clean_text(text);
        if let Some(e) = text_error("gesture", &text, "what you'd like to do") {
            return Err(e);
        }
        let g = Gesture {
            meta: Meta::new(ctx, by),
            to: by.other(),
            kind,
            source,
            text,
            planned_for: day,
            state: GestureState::Planned,
            noticed: None,
        };
        let id = g.meta.id.clone();
        self.items.push(g);
        Ok(id)
    }

    /// Changes what a planned gesture is, or its day.
    pub fn edit_planned(
        &mut self,
        ctx: &mut Ctx,
        id: &Id,
        text: &str,
        day: Option<NaiveDate>,
    ) -> Result<(), FormError> {
        let text = clean_text(text);
        if let Some(e) = text_error("gesture", &text, "what you'd like to do") {
            return Err(e);
        }
        let now = ctx.now;
        let g = self.get_mut(id)?;
        g.text = text;
        g.planned_for = day;
        g.meta.touch(now);
        Ok(())
    }

    pub fn mark_done(&mut self, ctx: &mut Ctx, id: &Id, note: &str) -> Result<(), FormError> {
        let now = ctx.now;
        let g = self.get_mut(id)?;
        g.state = GestureState::Done {
            at: now,
            note: clean_text(note),
        };
        g.meta.touch(now);
        Ok(())
    }

    pub fn let_go(&mut self, ctx: &mut Ctx, id: &Id) -> Result<(), FormError> {
        let now = ctx.now;
        let g = self.get_mut(id)?;
        g.state = GestureState::LetGo { at: now };
        g.meta.touch(now);
        Ok(())
    }

    /// The receiver says "I noticed". Only a done gesture can be noticed.
    pub fn notice(&mut self, ctx: &mut Ctx, id: &Id, reply: &str) -> Result<(), FormError> {
        let now = ctx.now;
        let g = self.get_mut(id)?;
        if g.done_at().is_none() {
            return Err(FormError {
                field: "gesture",
                message: "This gesture hasn't happened yet.".into(),
            });
        }
        g.noticed = Some(Noticed {
            at: now,
            reply: clean_text(reply),
        });
        g.meta.touch(now);
        Ok(())
    }

    pub fn set_deleted(&mut self, ctx: &mut Ctx, id: &Id, deleted: bool) {
        if let Some(g) = self.items.find_mut(|g| &g.meta.id == id) {
            g.meta.deleted = deleted;
            g.meta.touch(ctx.now);
        }
    }

    /// Gestures `who` received and has not acknowledged yet (of those
    /// [`Gestures::shown`]).
    pub fn to_notice_for(&self, who: Author, solo: bool) -> Vec<&Gesture> {
        self.shown(solo)
            .filter(|g| g.to == who && g.to_notice())
            .collect()
    }

    /// Whether the gesture `id` is still waiting to be noticed, so a word
    /// back to it being written is still of use.
    pub fn waits_to_be_noticed(&self, id: &str) -> bool {
        self.live().any(|g| g.meta.id.0 == id && g.to_notice())
    }

    /// Whether `id` is still a plan, a removed one too (Undo brings it
    /// back), so words being written for it are still of use.
    pub fn still_planned(&self, id: &str) -> bool {
        self.items
            .iter()
            .any(|g| g.meta.id.0 == id && g.state == GestureState::Planned)
    }

    /// `who`'s gestures the other noticed in the last [`NOTICED_DAYS`], with
    /// their word back: the newest few, newest first, for the giver to read.
    pub fn noticed_from(&self, who: Author, now: DateTime<Utc>) -> Vec<&Gesture> {
        self.live()
            .rev()
            .filter(|g| g.giver() == who)
            .filter(|g| {
                g.noticed
                    .as_ref()
                    .is_some_and(|n| now - n.at < Duration::days(NOTICED_DAYS))
            })
            .take(NOTICED_SHOWN)
            .collect()
    }

    pub fn planned_by(&self, who: Author) -> Vec<&Gesture> {
        self.live()
            .filter(|g| g.giver() == who && g.state == GestureState::Planned)
            .collect()
    }

    pub fn write_appreciation(
        &mut self,
        ctx: &mut Ctx,
        by: Author,
        text: &str,
        private: bool,
    ) -> Result<Id, FormError> {
        let text = clean_text(text);
        if let Some(e) = text_error("appreciation", &text, "what they did") {
            return Err(e);
        }
        let a = Appreciation {
            meta: Meta::new(ctx, by),
            text,
            private,
            seen_at: None,
        };
        let id = a.meta.id.clone();
        self.appreciations.push(a);
        Ok(id)
    }

    /// Shared appreciations written for `who` that `who` has not opened
    /// yet. Alone (`solo`), none of the hidden partner's.
    pub fn unseen_for(&self, who: Author, solo: bool) -> Vec<&Appreciation> {
        self.appreciations
            .iter()
            .filter(|a| !a.meta.deleted && !a.private && a.meta.by == who.other() && a.seen_at.is_none())
            .filter(|a| a.meta.by.shown(solo))
            .collect()
    }

    /// What `who` may read: their own entries, and the other's shared ones
    /// that `who` has opened. With no one named (a shared device, before
    /// either has said who is here), only what both may read: shared
    /// entries already opened. Alone (`solo`), none of the hidden
    /// partner's, opened or not: they stay saved but out of sight.
    pub fn readable_by(&self, who: Option<Author>, solo: bool) -> Vec<&Appreciation> {
        self.appreciations
            .iter()
            .filter(|a| !a.meta.deleted && a.meta.by.shown(solo))
            .filter(|a| Some(a.meta.by) == who || a.both_read())
            .collect()
    }

    /// `who` opens the appreciations written for them. Reading is no edit:
    /// `updated_at` stays, so a copy read on one phone is not newer than
    /// its removal on the other (the merge keeps `seen_at` either way).
    pub fn open_appreciations(&mut self, ctx: &mut Ctx, who: Author) -> usize {
        let now = ctx.now;
        self.appreciations.update_where(
            |a| !a.meta.deleted && !a.private && a.meta.by == who.other() && a.seen_at.is_none(),
            |a| a.seen_at = Some(now),
        )
    }

    pub fn delete_appreciation(&mut self, ctx: &mut Ctx, id: &Id, deleted: bool) {
        if let Some(a) = self.appreciations.find_mut(|a| &a.meta.id == id) {
            a.meta.deleted = deleted;
            a.meta.touch(ctx.now);
        }
    }
}

/// Filters for "surprise me".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub kind: Option<Kind>,
    pub free_only: bool,
    pub language: Option<Language>,
}

/// A gesture noticed stays in its giver's "noticed" list this long…
pub const NOTICED_DAYS: i64 = 14;
/// …and the list shows at most this many.
pub const NOTICED_SHOWN: usize = 3;

/// Recently done ideas are not suggested again for this long.
pub const RECENT_DAYS: i64 = 21;

/// Picks one of our ideas at random (`roll` is any random number), matching
/// the filter and avoiding ideas done in the last three weeks. If every match
/// was done recently, falls back to all matches rather than to nothing.
pub fn surprise(g: &Gestures, filter: Filter, now: DateTime<Utc>, roll: u64) -> Option<&'static Idea> {
    let recent: Vec<&str> = g
        .live()
        .filter(|x| {
            x.done_at()
                .is_some_and(|at| now - at < Duration::days(RECENT_DAYS))
        })
        .filter_map(|x| match &x.source {
            Source::Builtin(k) => Some(k.as_str()),
            _ => None,
        })
        .collect();
    let matches: Vec<&'static Idea> = IDEAS
        .iter()
        .filter(|i| filter.kind.is_none_or(|k| i.kind == k))
        .filter(|i| !filter.free_only || i.cost == Cost::Free)
        .filter(|i| filter.language.is_none_or(|l| i.language == l))
        .collect();
    let fresh: Vec<&'static Idea> = matches
        .iter()
        .copied()
        .filter(|i| !recent.contains(&i.key))
        .collect();
    let pool = if fresh.is_empty() { &matches } else { &fresh };
    if pool.is_empty() {
        None
    } else {
        Some(pool[(roll % pool.len() as u64) as usize])
    }
}

/// One partner's week, for a gentle summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Week {
    pub given: usize,
    pub received: usize,
    pub kinds: Vec<Kind>,
}

/// The local Monday 00:00 that starts the week containing `now`, in UTC.
pub fn week_start(now: DateTime<Utc>, offset_at: OffsetAt) -> DateTime<Utc> {
    let today = local_day(now, offset_at);
    let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64);
    local_midnight(monday, offset_at)
}

/// Gestures given and received this (local) week by `who`.
pub fn this_week(g: &Gestures, who: Author, now: DateTime<Utc>, offset_at: OffsetAt) -> Week {
    let start = week_start(now, offset_at);
    let mut w = Week::default();
    for x in g.live() {
        let Some(at) = x.done_at() else { continue };
        if at < start || at > now {
            continue;
        }
        if x.giver() == who {
            w.given += 1;
            if !w.kinds.contains(&x.kind) {
                w.kinds.push(x.kind);
            }
        } else if x.to == who {
            w.received += 1;
        }
    }
    super::order::sort_by(&mut w.kinds, Ord::cmp);
    w
}

/// "3 gestures this week — gratitude and us time", or a gentle nothing.
pub fn week_sentence(w: &Week) -> String {
    let kinds: Vec<&str> = w.kinds.iter().map(|k| k.short()).collect();
    let kinds = match kinds.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    let received = match w.received {
        0 => String::new(),
        1 => " 1 received.".into(),
        n => format!(" {n} received."),
    };
    match w.given {
        0 if w.received == 0 => {
            "No gestures yet this week, and that's fine. A small one is always within reach.".into()
        }
        0 => format!("None given yet this week, and that's fine.{received}"),
        1 => format!("1 gesture this week \u{2014} {kinds}.{received}"),
        n => format!("{n} gestures this week \u{2014} {kinds}.{received}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::Seeded;
    use chrono::FixedOffset;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    #[test]
    fn at_least_eight_varied_ideas_for_every_kind() {
        for k in Kind::ALL {
            let ideas: Vec<_> = IDEAS.iter().filter(|i| i.kind == k).collect();
            assert!(ideas.len() >= 8, "{k:?} has {}", ideas.len());
        }
        for l in Language::ALL {
            assert!(IDEAS.iter().any(|i| i.language == l), "{l:?} missing");
        }
        let mut keys: Vec<_> = IDEAS.iter().map(|i| i.key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), IDEAS.len(), "idea keys are unique");
    }

    #[test]
    fn plan_done_notice_flow_and_who_sees_what() {
        let mut rng = Seeded(5);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t("2026-11-23T09:00:00Z"), &mut gen);
        let mut g = Gestures::default();
        let id = g
            .plan(
                &mut ctx,
                Author::A,
                Kind::Thanks,
                Source::Builtin("thanks-note".into()),
                "Leave a note",
                None,
            )
            .unwrap();
        assert_eq!(g.planned_by(Author::A).len(), 1);
        assert!(
            g.to_notice_for(Author::B, false).is_empty(),
            "nothing to notice before it's done"
        );
        assert!(g.still_planned(&id.0) && !g.waits_to_be_noticed(&id.0));
        g.set_deleted(&mut ctx, &id, true);
        assert!(g.still_planned(&id.0), "a removed plan can come back with Undo");
        g.set_deleted(&mut ctx, &id, false);
        assert!(g.notice(&mut ctx, &id, "").is_err());
        g.mark_done(&mut ctx, &id, "on the mirror").unwrap();
        assert!(!g.still_planned(&id.0) && g.waits_to_be_noticed(&id.0));
        assert!(!g.still_planned("another") && !g.waits_to_be_noticed("another"));
        assert_eq!(g.to_notice_for(Author::B, false).len(), 1);
        assert!(
            g.to_notice_for(Author::A, false).is_empty(),
            "only the receiver is asked to notice"
        );
        assert!(
            g.noticed_from(Author::A, ctx.now).is_empty(),
            "not before it is noticed"
        );
        g.notice(&mut ctx, &id, "It made my morning").unwrap();
        assert!(g.to_notice_for(Author::B, false).is_empty());
        assert!(!g.waits_to_be_noticed(&id.0));
        assert_eq!(g.items[0].noticed.as_ref().unwrap().reply, "It made my morning");
    }

    #[test]
    fn the_giver_hears_back_what_was_noticed_recently_newest_first() {
        let mut rng = Seeded(7);
        let mut gen = || rng.bytes16();
        let now = t("2026-11-23T09:00:00Z");
        let mut ctx = Ctx::new(now, &mut gen);
        let mut g = Gestures::default();
        let mut give = |ctx: &mut Ctx, by: Author, text: &str, noticed: Option<DateTime<Utc>>| {
            ctx.now = noticed.unwrap_or(now) - Duration::hours(1);
            let id = g.plan(ctx, by, Kind::Thanks, Source::Free, text, None).unwrap();
            g.mark_done(ctx, &id, "").unwrap();
            if let Some(at) = noticed {
                ctx.now = at;
                g.notice(ctx, &id, &format!("{text}: thank you")).unwrap();
            }
            id
        };
        give(
            &mut ctx,
            Author::A,
            "Long ago",
            Some(now - Duration::days(NOTICED_DAYS)),
        );
        for i in 1..=4 {
            give(
                &mut ctx,
                Author::A,
                &format!("Note {i}"),
                Some(now - Duration::days(5 - i)),
            );
        }
        let gone = give(&mut ctx, Author::A, "Removed", Some(now));
        give(&mut ctx, Author::B, "From B", Some(now));
        give(&mut ctx, Author::A, "Not yet noticed", None);
        g.set_deleted(&mut ctx, &gone, true);

        let a: Vec<_> = g
            .noticed_from(Author::A, now)
            .iter()
            .map(|x| (x.text.as_str(), x.noticed.as_ref().unwrap().reply.as_str()))
            .collect();
        assert_eq!(
            a,
            [
                ("Note 4", "Note 4: thank you"),
                ("Note 3", "Note 3: thank you"),
                ("Note 2", "Note 2: thank you"),
            ],
            "the newest few, their words back with them; nothing older than two weeks, removed, or the other's"
        );
        let b: Vec<_> = g
            .noticed_from(Author::B, now)
            .iter()
            .map(|x| x.text.as_str())
            .collect();
        assert_eq!(b, ["From B"]);
    }

    #[test]
    fn alone_after_just_me_the_partners_gestures_words_back_and_appreciations_stay_hidden() {
        let mut rng = Seeded(11);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t("2026-11-23T09:00:00Z"), &mut gen);
        let mut g = Gestures::default();
        let mut give = |ctx: &mut Ctx, by: Author, text: &str, reply: Option<&str>| {
            let id = g.plan(ctx, by, Kind::Thanks, Source::Free, text, None).unwrap();
            g.mark_done(ctx, &id, &format!("{text} note")).unwrap();
            if let Some(r) = reply {
                g.notice(ctx, &id, r).unwrap();
            }
        };
        give(&mut ctx, Author::A, "SAM-GIVES", Some("ALEX-REPLY"));
        give(&mut ctx, Author::B, "ALEX-GIVES", Some("SAM-REPLY"));
        give(&mut ctx, Author::B, "ALEX-WAITS", None);
        for (by, text) in [(Author::A, "SAM-WROTE"), (Author::B, "ALEX-WROTE")] {
            g.write_appreciation(&mut ctx, by, text, false).unwrap();
            g.open_appreciations(&mut ctx, by.other());
        }
        g.write_appreciation(&mut ctx, Author::B, "ALEX-UNOPENED", false)
            .unwrap();
        // Each (what was given, the word back shown), in a fixed order.
        let shown = |solo| {
            let mut v: Vec<_> = g.shown(solo).map(|x| (x.text.as_str(), x.reply(solo))).collect();
            v.sort();
            v
        };
        assert_eq!(
            shown(false),
            [
                ("ALEX-GIVES", "SAM-REPLY"),
                ("ALEX-WAITS", ""),
                ("SAM-GIVES", "ALEX-REPLY")
            ]
        );
        // Sam's gesture stays Sam's to see; Alex's word back to it does not.
        assert_eq!(shown(true), [("SAM-GIVES", "")], "alone: Sam's own");
        assert_eq!(g.to_notice_for(Author::A, false).len(), 1);
        assert!(g.to_notice_for(Author::A, true).is_empty());
        assert_eq!(g.unseen_for(Author::A, false).len(), 1);
        assert!(g.unseen_for(Author::A, true).is_empty());
        let read = |who, solo| {
            g.readable_by(who, solo)
                .iter()
                .map(|a| a.text.as_str())
                .collect::<Vec<_>>()
        };
        let mut both = read(Some(Author::A), false);
        both.sort();
        assert_eq!(both, ["ALEX-WROTE", "SAM-WROTE"]);
        assert_eq!(read(Some(Author::A), true), ["SAM-WROTE"]);
        assert_eq!(read(None, true), ["SAM-WROTE"]);
        // Hidden, never gone: with Alex back, all of it shows again.
        assert_eq!(g.items.len(), 3);
        assert_eq!(g.appreciations.len(), 3);
    }

    #[test]
    fn a_day_gone_by_is_refused_but_an_edit_may_keep_its_own() {
        let mut rng = Seeded(7);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t("2026-11-23T09:00:00Z"), &mut gen);
        let mut g = Gestures::default();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let (yesterday, tomorrow) = (today.pred_opt(), today.succ_opt());
        // A new plan: today, a day ahead or any day, yes; yesterday, no.
        for day in [Some(today), tomorrow, None] {
            assert_eq!(g.day_ahead(None, day, today), Ok(()));
        }
        let e = g.day_ahead(None, yesterday, today).unwrap_err();
        assert_eq!(e.field, "day");
        assert_eq!(
            e.message,
            "That day has already gone by. Choose today or a day ahead, or leave it empty for \u{201c}any day\u{201d}."
        );
        // Planned for a day now gone: its words may be edited with that day
        // kept, but it is not moved to another day gone by.
        let id = g
            .plan(&mut ctx, Author::A, Kind::Glad, Source::Free, "Dance", yesterday)
            .unwrap();
        assert_eq!(g.day_ahead(Some(&id), yesterday, today), Ok(()));
        let before = yesterday.and_then(|d| d.pred_opt());
        assert_eq!(g.day_ahead(Some(&id), before, today).unwrap_err().field, "day");
        // Another plan's day is not this one's to keep.
        let other = Id("another".into());
        assert!(g.day_ahead(Some(&other), yesterday, today).is_err());
    }

    #[test]
    fn overdue_is_a_question_not_a_failure_and_let_go_clears_it() {
        let mut rng = Seeded(6);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t("2026-11-23T09:00:00Z"), &mut gen);
        let mut g = Gestures::default();
        let day = NaiveDate::from_ymd_opt(2026, 11, 20);
        let id = g
            .plan(&mut ctx, Author::B, Kind::Glad, Source::Free, "Dance", day)
            .unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert!(g.items[0].is_overdue(today));
        g.edit_planned(
            &mut ctx,
            &id,
            "Dance to our song",
            NaiveDate::from_ymd_opt(2026, 11, 25),
        )
        .unwrap();
        assert_eq!(g.items[0].text, "Dance to our song");
        assert!(!g.items[0].is_overdue(today), "a new day is no longer past");
        assert!(g.edit_planned(&mut ctx, &id, "  ", None).is_err());
        assert_eq!(
            g.items[0].text, "Dance to our song",
            "a refused edit changes nothing"
        );
        g.let_go(&mut ctx, &id).unwrap();
        assert!(!g.items[0].is_overdue(today));
        assert!(g.planned_by(Author::B).is_empty());
    }

    #[test]
    fn own_ideas_refuse_duplicates_and_empty_text() {
        let mut rng = Seeded(7);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t("2026-11-23T09:00:00Z"), &mut gen);
        let mut g = Gestures::default();
        g.add_idea(&mut ctx, Author::A, Kind::Special, "Pancakes on Sunday")
            .unwrap();
        let e = g
            .add_idea(&mut ctx, Author::A, Kind::Special, "  pancakes on sunday! ")
            .unwrap_err();
        assert!(e.message.contains("already on your list"));
        // Each partner's list is their own: the same idea from the other is
        // theirs to add, and nothing tells them the first one exists.
        g.add_idea(&mut ctx, Author::B, Kind::Special, "Pancakes on Sunday")
            .unwrap();
        let texts = |by| {
            g.own_ideas_of(by)
                .map(|i| (i.meta.by, i.text.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(Author::A), [(Author::A, "Pancakes on Sunday".to_string())]);
        assert_eq!(texts(Author::B), [(Author::B, "Pancakes on Sunday".to_string())]);
        // One of Hearth's own is not "on your list": it says where it is.
        let ours = g
            .add_idea(&mut ctx, Author::A, Kind::SayIt, IDEAS[2].text)
            .unwrap_err();
        assert_eq!(
            ours.message,
            "That one is already among Hearth's ideas, ready to plan."
        );
        assert!(g.add_idea(&mut ctx, Author::A, Kind::Glad, "   ").is_err());
        let long = "x".repeat(TEXT_MAX + 1);
        assert!(g
            .add_idea(&mut ctx, Author::A, Kind::Glad, &long)
            .unwrap_err()
            .message
            .contains("500"));
        let id = g.own_ideas_of(Author::A).next().unwrap().meta.id.clone();
        g.delete_idea(&mut ctx, &id);
        g.add_idea(&mut ctx, Author::A, Kind::Special, "Pancakes on Sunday")
            .unwrap();
    }

    #[test]
    fn surprise_avoids_recent_ideas_and_respects_filters() {
        let mut rng = Seeded(8);
        let mut gen = || rng.bytes16();
        let now = t("2026-11-23T09:00:00Z");
        let mut ctx = Ctx::new(now - Duration::days(3), &mut gen);
        let mut g = Gestures::default();
        let thanks: Vec<&Idea> = IDEAS.iter().filter(|i| i.kind == Kind::Thanks).collect();
        // Do all but one Thanks idea recently.
        for i in &thanks[1..] {
            let id = g
                .plan(
                    &mut ctx,
                    Author::A,
                    Kind::Thanks,
                    Source::Builtin(i.key.into()),
                    i.text,
                    None,
                )
                .unwrap();
            g.mark_done(&mut ctx, &id, "").unwrap();
        }
        let filter = Filter {
            kind: Some(Kind::Thanks),
            ..Default::default()
        };
        for roll in 0..20 {
            assert_eq!(surprise(&g, filter, now, roll).unwrap().key, thanks[0].key);
        }
        // Three weeks later they are all fair game again.
        let later = now + Duration::days(RECENT_DAYS);
        let picks: std::collections::HashSet<_> = (0..50)
            .map(|r| surprise(&g, filter, later, r).unwrap().key)
            .collect();
        assert!(picks.len() > 1);
        // Filters: free words only.
        let f = Filter {
            kind: None,
            free_only: true,
            language: Some(Language::Words),
        };
        for roll in 0..30 {
            let i = surprise(&g, f, now, roll).unwrap();
            assert_eq!((i.cost, i.language), (Cost::Free, Language::Words));
        }
    }

    #[test]
    fn weeks_start_on_local_monday_across_time_zones() {
        // Sunday 23:30 in UTC is already Monday in Berlin (UTC+1).
        let now = t("2026-11-29T23:30:00Z");
        let utc = |_| FixedOffset::east_opt(0).unwrap();
        let berlin = |_| FixedOffset::east_opt(3600).unwrap();
        assert_eq!(week_start(now, &utc), t("2026-11-23T00:00:00Z"));
        assert_eq!(week_start(now, &berlin), t("2026-11-29T23:00:00Z"));
        let ny = |_| FixedOffset::west_opt(5 * 3600).unwrap();
        assert_eq!(
            week_start(t("2026-11-30T03:00:00Z"), &ny),
            t("2026-11-23T05:00:00Z")
        );
        // The week of the autumn change began in summer time: its Monday
        // midnight is 22:00 UTC, not the 23:00 today's offset would give.
        let sunday_after = t("2026-10-25T12:00:00Z");
        assert_eq!(
            week_start(sunday_after, &crate::domain::dates::berlin_2026),
            t("2026-10-18T22:00:00Z")
        );
    }

    #[test]
    fn this_week_counts_given_received_and_kinds_gently() {
        let mut rng = Seeded(9);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t("2026-11-22T20:00:00Z"), &mut gen); // last week (Sunday)
        let mut g = Gestures::default();
        let old = g
            .plan(&mut ctx, Author::A, Kind::Thanks, Source::Free, "old", None)
            .unwrap();
        g.mark_done(&mut ctx, &old, "").unwrap();
        ctx.now = t("2026-11-24T20:00:00Z");
        for (by, kind) in [
            (Author::A, Kind::Thanks),
            (Author::A, Kind::UsTime),
            (Author::A, Kind::Thanks),
            (Author::B, Kind::Glad),
        ] {
            let id = g.plan(&mut ctx, by, kind, Source::Free, "x", None).unwrap();
            g.mark_done(&mut ctx, &id, "").unwrap();
        }
        let planned_only = g
            .plan(&mut ctx, Author::A, Kind::Glad, Source::Free, "later", None)
            .unwrap();
        let _ = planned_only;
        let utc = |_| FixedOffset::east_opt(0).unwrap();
        let w = this_week(&g, Author::A, t("2026-11-25T08:00:00Z"), &utc);
        assert_eq!(
            w,
            Week {
                given: 3,
                received: 1,
                kinds: vec![Kind::Thanks, Kind::UsTime]
            }
        );
        assert_eq!(
            week_sentence(&w),
            "3 gestures this week \u{2014} gratitude and us time. 1 received."
        );
        // The kind, never "thanks": that read as Hearth thanking them.
        let one = week_sentence(&Week {
            given: 1,
            kinds: vec![Kind::Thanks],
            ..Week::default()
        });
        assert_eq!(one, "1 gesture this week \u{2014} gratitude.");
        assert!(!one.contains("thanks"));
        let none = week_sentence(&Week::default());
        assert!(none.contains("that's fine"));
        let only_received = week_sentence(&Week {
            received: 2,
            ..Week::default()
        });
        assert_eq!(
            only_received,
            "None given yet this week, and that's fine. 2 received."
        );
        assert!(!none.to_lowercase().contains("streak"));
    }

    #[test]
    fn appreciations_are_revealed_to_the_other_only_when_opened_and_never_if_private() {
        let mut rng = Seeded(10);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(t("2026-11-23T09:00:00Z"), &mut gen);
        let mut g = Gestures::default();
        g.write_appreciation(&mut ctx, Author::A, "You made soup when I was ill", false)
            .unwrap();
        g.write_appreciation(&mut ctx, Author::A, "Just for me", true)
            .unwrap();
        assert_eq!(g.unseen_for(Author::B, false).len(), 1);
        assert!(g.unseen_for(Author::A, false).is_empty());
        assert_eq!(
            g.readable_by(Some(Author::B), false).len(),
            0,
            "not before B opens them"
        );
        assert_eq!(
            g.readable_by(Some(Author::A), false).len(),
            2,
            "the writer sees their own"
        );
        assert!(
            g.readable_by(None, false).is_empty(),
            "no one named: nothing of one partner's"
        );
        assert_eq!(g.open_appreciations(&mut ctx, Author::B), 1);
        let b_sees: Vec<_> = g
            .readable_by(Some(Author::B), false)
            .iter()
            .map(|a| a.text.clone())
            .collect();
        assert_eq!(b_sees, vec!["You made soup when I was ill"]);
        // Once opened, a shared entry is both partners': it shows with no one
        // named. The private one never does.
        let anyone: Vec<_> = g
            .readable_by(None, false)
            .iter()
            .map(|a| a.text.clone())
            .collect();
        assert_eq!(anyone, b_sees);
        assert!(g.write_appreciation(&mut ctx, Author::A, "  ", false).is_err());
    }
}
