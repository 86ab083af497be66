//! Us time: a timed brainstorm (ideas only added, never judged, during the
//! round), private votes, matches, a random pick, a plan with a calendar file
//! (.ics, RFC 5545) so the phone reminds the couple with no server, a
//! reflection afterwards, and a gentle rhythm goal. No streaks.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::couple::FormError;
use super::dates::{local_day, local_midnight, OffsetAt};
use super::figures::keep_to;
use super::record::{need, Author, Ctx, Id, Meta, MissingField, Records, Seeded};

pub const IDEA_MAX: usize = 200;
pub const NOTE_MAX: usize = 1000;
pub const ROUND_MINUTES: [u8; 3] = [3, 5, 10];

fn err(field: &'static str, message: impl Into<String>) -> FormError {
    FormError {
        field,
        message: message.into(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cost {
    Free,
    Low,
    Medium,
    High,
}
super::record::unit_enum_deserialize!(Cost { Free = "free", Low = "low", Medium = "medium", High = "high" });

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Length {
    UnderAnHour,
    Evening,
    Day,
    Weekend,
}
super::record::unit_enum_deserialize!(Length {
    UnderAnHour = "under_an_hour",
    Evening = "evening",
    Day = "day",
    Weekend = "weekend",
});

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    Home,
    Out,
}
super::record::unit_enum_deserialize!(Place { Home = "home", Out = "out" });

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Energy {
    Cosy,
    Active,
}
super::record::unit_enum_deserialize!(Energy { Cosy = "cosy", Active = "active" });

impl Cost {
    pub const ALL: [Cost; 4] = [Cost::Free, Cost::Low, Cost::Medium, Cost::High];
    pub fn label(self) -> &'static str {
        match self {
            Cost::Free => "free",
            // Words, not a currency sign: Hearth is used with any money.
            Cost::Low => "low cost",
            Cost::Medium => "some cost",
            Cost::High => "a splurge",
        }
    }
}

impl Length {
    pub const ALL: [Length; 4] = [Length::UnderAnHour, Length::Evening, Length::Day, Length::Weekend];
    pub fn label(self) -> &'static str {
        match self {
            Length::UnderAnHour => "under an hour",
            Length::Evening => "an evening",
            Length::Day => "a day",
            Length::Weekend => "a weekend",
        }
    }
}

impl Place {
    pub const ALL: [Place; 2] = [Place::Home, Place::Out];
    pub fn label(self) -> &'static str {
        match self {
            Place::Home => "at home",
            Place::Out => "out",
        }
    }
}

impl Energy {
    pub const ALL: [Energy; 2] = [Energy::Cosy, Energy::Active];
    pub fn label(self) -> &'static str {
        match self {
            Energy::Cosy => "cosy",
            Energy::Active => "active",
        }
    }
}

/// Optional tags on an idea.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tags {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Cost>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<Length>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub energy: Option<Energy>,
}

impl Tags {
    pub fn words(&self) -> Vec<&'static str> {
        [
            self.cost.map(Cost::label),
            self.length.map(Length::label),
            self.place.map(Place::label),
            self.energy.map(Energy::label),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// A starter idea written by us, mixed in when the couple is stuck.
pub struct DeckIdea {
    pub key: &'static str,
    pub text: &'static str,
    pub tags: Tags,
}

const fn deck(
    key: &'static str,
    text: &'static str,
    cost: Cost,
    length: Length,
    place: Place,
    energy: Energy,
) -> DeckIdea {
    DeckIdea {
        key,
        text,
        tags: Tags {
            cost: Some(cost),
            length: Some(length),
            place: Some(place),
            energy: Some(energy),
        },
    }
}

use Cost::{Free, High, Low, Medium};
use Energy::{Active, Cosy};
use Length::{Day, Evening, UnderAnHour, Weekend};
use Place::{Home, Out};

pub const DECK: &[DeckIdea] = &[
    deck(
        "picnic-floor",
        "A picnic on the living-room floor",
        Low,
        Evening,
        Home,
        Cosy,
    ),
    deck(
        "cook-new",
        "Cook a recipe neither of you has tried",
        Low,
        Evening,
        Home,
        Cosy,
    ),
    deck(
        "stargaze",
        "Lie outside and look at the stars",
        Free,
        UnderAnHour,
        Out,
        Cosy,
    ),
    deck(
        "sunrise-walk",
        "Get up early for a sunrise walk",
        Free,
        UnderAnHour,
        Out,
        Active,
    ),
    deck(
        "old-photos",
        "Look through old photos and tell the stories",
        Free,
        Evening,
        Home,
        Cosy,
    ),
    deck(
        "dance-kitchen",
        "Dance in the kitchen to the songs of your first year",
        Free,
        UnderAnHour,
        Home,
        Active,
    ),
    deck(
        "bike-ride",
        "A bike ride to somewhere with a view",
        Free,
        Day,
        Out,
        Active,
    ),
    deck(
        "board-game",
        "A board game night with snacks",
        Free,
        Evening,
        Home,
        Cosy,
    ),
    deck(
        "film-blanket",
        "A film under one blanket, phones in another room",
        Free,
        Evening,
        Home,
        Cosy,
    ),
    deck(
        "cafe-new",
        "Try a café you've never been to",
        Low,
        UnderAnHour,
        Out,
        Cosy,
    ),
    deck(
        "museum",
        "Wander through a museum and pick a favourite each",
        Low,
        Day,
        Out,
        Cosy,
    ),
    deck(
        "hike",
        "A long walk or hike with a packed lunch",
        Free,
        Day,
        Out,
        Active,
    ),
    deck("swim", "Go for a swim together", Low, UnderAnHour, Out, Active),
    deck(
        "questions",
        "Ask each other ten questions you've never asked",
        Free,
        UnderAnHour,
        Home,
        Cosy,
    ),
    deck(
        "bath",
        "A candle-lit bath with music",
        Low,
        UnderAnHour,
        Home,
        Cosy,
    ),
    deck(
        "market",
        "Stroll a weekend market and cook what you find",
        Low,
        Day,
        Out,
        Active,
    ),
    deck(
        "concert",
        "A small concert or open-mic night",
        Medium,
        Evening,
        Out,
        Active,
    ),
    deck(
        "dinner-out",
        "Dinner at the place you went to early on",
        Medium,
        Evening,
        Out,
        Cosy,
    ),
    deck(
        "weekend-away",
        "A night away somewhere neither of you knows",
        High,
        Weekend,
        Out,
        Cosy,
    ),
    deck(
        "cabin",
        "A weekend in a cabin with no plans at all",
        High,
        Weekend,
        Out,
        Cosy,
    ),
    deck(
        "class",
        "Take a class together: pottery, salsa, climbing",
        Medium,
        Evening,
        Out,
        Active,
    ),
    deck(
        "bake",
        "Bake something messy together",
        Low,
        UnderAnHour,
        Home,
        Cosy,
    ),
    deck(
        "letters",
        "Write each other a letter, then read them aloud",
        Free,
        UnderAnHour,
        Home,
        Cosy,
    ),
    deck(
        "garden",
        "Plant something together and tend it",
        Low,
        UnderAnHour,
        Home,
        Active,
    ),
    deck(
        "tour-town",
        "Be tourists in your own town for a day",
        Low,
        Day,
        Out,
        Active,
    ),
    deck(
        "breakfast-bed",
        "Breakfast in bed, taking turns to bring it",
        Low,
        UnderAnHour,
        Home,
        Cosy,
    ),
    deck(
        "sunset",
        "Watch the sunset from the highest point nearby",
        Free,
        UnderAnHour,
        Out,
        Cosy,
    ),
    deck(
        "read-aloud",
        "Read a short story aloud to each other",
        Free,
        UnderAnHour,
        Home,
        Cosy,
    ),
    deck(
        "puzzle",
        "A jigsaw puzzle and a pot of tea",
        Free,
        Evening,
        Home,
        Cosy,
    ),
    deck(
        "karaoke",
        "Karaoke in the living room",
        Free,
        Evening,
        Home,
        Active,
    ),
    deck("lake", "A day by a lake or the sea", Low, Day, Out, Cosy),
    deck(
        "bucket-list",
        "Write a shared list of things to do this year",
        Free,
        UnderAnHour,
        Home,
        Cosy,
    ),
    deck(
        "spa-home",
        "A home spa evening: masks, music, massages",
        Low,
        Evening,
        Home,
        Cosy,
    ),
    deck(
        "volunteer",
        "Volunteer together for a morning",
        Free,
        Day,
        Out,
        Active,
    ),
    deck(
        "theatre",
        "Go to the theatre and talk about it over a drink",
        Medium,
        Evening,
        Out,
        Cosy,
    ),
    deck(
        "camping",
        "Camp out, even if it's just in the garden",
        Low,
        Weekend,
        Out,
        Active,
    ),
    deck(
        "first-date",
        "Recreate your first date",
        Medium,
        Evening,
        Out,
        Cosy,
    ),
    deck(
        "walk-talk",
        "A walk with one rule: no logistics talk",
        Free,
        UnderAnHour,
        Out,
        Active,
    ),
    deck(
        "tasting",
        "A tasting night at home: cheeses, chocolates or teas",
        Low,
        Evening,
        Home,
        Cosy,
    ),
    deck(
        "day-trip",
        "A train to a town you've never visited",
        Medium,
        Day,
        Out,
        Active,
    ),
    deck(
        "fort",
        "Build a blanket fort and stay up talking",
        Free,
        Evening,
        Home,
        Cosy,
    ),
    deck(
        "gallery",
        "Visit a gallery and choose a piece for each other",
        Free,
        UnderAnHour,
        Out,
        Cosy,
    ),
];

/// An idea on the couple's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Idea {
    pub meta: Meta,
    pub text: String,
    #[serde(default)]
    pub tags: Tags,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_deck: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<Id>,
    /// "Keep for again" after doing it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keep: bool,
}

/// A timed brainstorm. The timer survives a reload: it is stored as when it
/// started and how long it has been paused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub meta: Meta,
    pub minutes: u8,
    #[serde(with = "super::dates::moment")]
    pub started_at: DateTime<Utc>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::dates::moment::option"
    )]
    pub paused_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub paused_secs: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub finished: bool,
}

impl Round {
    /// Seconds left (never below zero).
    pub fn remaining(&self, now: DateTime<Utc>) -> i64 {
        let until = self.paused_at.unwrap_or(now);
        let elapsed = (until - self.started_at).num_seconds() - self.paused_secs;
        (self.minutes as i64 * 60 - elapsed).max(0)
    }

    pub fn is_over(&self, now: DateTime<Utc>) -> bool {
        self.finished || self.remaining(now) == 0
    }

    pub fn is_paused(&self) -> bool {
        self.paused_at.is_some()
    }
}

/// What a screen reader hears about the timer: only at meaningful moments,
/// never every second.
pub fn announcement(remaining_secs: i64) -> Option<String> {
    match remaining_secs {
        0 => Some("Time's up. Lovely ideas.".into()),
        10 => Some("10 seconds left.".into()),
        30 => Some("30 seconds left.".into()),
        s if s > 0 && s % 60 == 0 => {
            let m = s / 60;
            Some(if m == 1 {
                "1 minute left.".into()
            } else {
                format!("{m} minutes left.")
            })
        }
        _ => None,
    }
}

/// How long a plan lasts, as the plan form offers it.
pub const LENGTHS: [(u32, &str); 6] = [
    (60, "1 hour"),
    (120, "2 hours"),
    (180, "3 hours"),
    (240, "an evening (4 hours)"),
    (480, "a day"),
    (2880, "a weekend"),
];

/// A plan's length in words: "2 hours", "a weekend", or minutes for a length
/// the form does not offer (from another build or a backup).
pub fn length_words(minutes: u32) -> String {
    match LENGTHS.iter().find(|(m, _)| *m == minutes) {
        Some((_, words)) => (*words).to_string(),
        None => format!("{minutes} minutes"),
    }
}

/// "4:05"
pub fn clock(remaining_secs: i64) -> String {
    format!("{}:{:02}", remaining_secs / 60, remaining_secs % 60)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteKind {
    Love,
    Maybe,
    NotNow,
}
super::record::unit_enum_deserialize!(VoteKind { Love = "love", Maybe = "maybe", NotNow = "not_now" });

impl VoteKind {
    pub const ALL: [VoteKind; 3] = [VoteKind::Love, VoteKind::Maybe, VoteKind::NotNow];
    pub fn label(self) -> &'static str {
        match self {
            VoteKind::Love => "Love it",
            VoteKind::Maybe => "Maybe",
            VoteKind::NotNow => "Not now",
        }
    }
}

/// One partner's private vote on one idea.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub meta: Meta,
    pub idea: Id,
    pub who: Author,
    pub vote: VoteKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchLevel {
    /// Both love it (or, alone, I love it).
    BothLove,
    /// One loves it, the other says maybe.
    LoveMaybe,
    /// Both say maybe.
    BothMaybe,
}

impl MatchLevel {
    /// `solo`: one person uses Hearth, so there is one vote, not two.
    pub fn label(self, solo: bool) -> &'static str {
        match (self, solo) {
            (MatchLevel::BothLove, false) => "You both love it",
            (MatchLevel::BothLove, true) => "You love it",
            (MatchLevel::LoveMaybe, _) => "A love and a maybe",
            (MatchLevel::BothMaybe, false) => "Two maybes",
            (MatchLevel::BothMaybe, true) => "A maybe",
        }
    }
}

/// Filters for matches. An idea without a tag does not match a filter on
/// that tag: "free only" should never show something of unknown cost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub cost: Option<Cost>,
    pub length: Option<Length>,
    pub place: Option<Place>,
    pub energy: Option<Energy>,
}

impl Filter {
    pub fn accepts(&self, t: &Tags) -> bool {
        self.cost.is_none_or(|c| t.cost == Some(c))
            && self.length.is_none_or(|l| t.length == Some(l))
            && self.place.is_none_or(|p| t.place == Some(p))
            && self.energy.is_none_or(|e| t.energy == Some(e))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state", try_from = "PlanStateShape")]
pub enum PlanState {
    Planned,
    Done { at: DateTime<Utc> },
    Cancelled { at: DateTime<Utc> },
}

/// A stored plan state, read flat (see [`MissingField`]).
#[derive(Deserialize)]
struct PlanStateShape {
    state: PlanStateKind,
    #[serde(default, with = "super::dates::moment::option")]
    at: Option<DateTime<Utc>>,
}

#[derive(Clone, Copy)]
enum PlanStateKind {
    Planned,
    Done,
    Cancelled,
}
super::record::unit_enum_deserialize!(PlanStateKind {
    Planned = "planned",
    Done = "done",
    Cancelled = "cancelled",
});

impl TryFrom<PlanStateShape> for PlanState {
    type Error = MissingField;
    fn try_from(s: PlanStateShape) -> Result<Self, MissingField> {
        Ok(match s.state {
            PlanStateKind::Planned => PlanState::Planned,
            PlanStateKind::Done => PlanState::Done {
                at: need(s.at, "at")?,
            },
            PlanStateKind::Cancelled => PlanState::Cancelled {
                at: need(s.at, "at")?,
            },
        })
    }
}

/// A date on the calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub meta: Meta,
    pub idea: Id,
    /// The idea's words when planned.
    pub title: String,
    #[serde(with = "super::dates::moment")]
    pub start: DateTime<Utc>,
    pub minutes: u32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub state: PlanState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closeness_a: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closeness_b: Option<u8>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub loved_a: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub loved_b: String,
}

impl Plan {
    /// When it ends; the end of time for one that would end past it (a
    /// typo'd year in a backup: `+` would panic, and every page reading
    /// plans with it).
    pub fn end(&self) -> DateTime<Utc> {
        self.start
            .checked_add_signed(Duration::minutes(self.minutes.into()))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }
    pub fn done_at(&self) -> Option<DateTime<Utc>> {
        match self.state {
            PlanState::Done { at } => Some(at),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Week,
    Month,
}
super::record::unit_enum_deserialize!(Period { Week = "week", Month = "month" });

/// How often the couple would like us time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rhythm {
    pub meta: Meta,
    pub per: Period,
    pub times: u8,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsTime {
    #[serde(default)]
    pub ideas: Records<Idea>,
    #[serde(default)]
    pub rounds: Records<Round>,
    #[serde(default)]
    pub votes: Records<Vote>,
    #[serde(default)]
    pub plans: Records<Plan>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rhythm: Option<Rhythm>,
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(super::case::lower)
        .collect()
}

/// The length and note of a plan, checked; the note comes back trimmed.
fn checked_length_and_note(minutes: u32, note: &str) -> Result<String, FormError> {
    if !(15..=3 * 24 * 60).contains(&minutes) {
        return Err(err("length", "Choose a length between 15 minutes and 3 days."));
    }
    let note = note.trim().to_string();
    if note.chars().count() > NOTE_MAX {
        return Err(err("note", keep_to("the note", NOTE_MAX)));
    }
    Ok(note)
}

impl UsTime {
    pub fn ideas_live(&self) -> impl DoubleEndedIterator<Item = &Idea> {
        self.ideas.iter().filter(|i| !i.meta.deleted)
    }

    /// Whether `id` is a plan's (live or not): ids are unique across records,
    /// so the plan form holds an idea's or a plan's.
    pub fn is_plan(&self, id: &Id) -> bool {
        self.plans.iter().any(|p| &p.meta.id == id)
    }

    pub fn plans_live(&self) -> impl DoubleEndedIterator<Item = &Plan> {
        self.plans.iter().filter(|p| !p.meta.deleted)
    }

    /// The brainstorm that is running (or paused), if any: the one started
    /// last, should two have been started at once (two windows, or two
    /// devices' data merged), as every window finds the same.
    pub fn open_round(&self) -> Option<&Round> {
        self.rounds.iter().rev().find(|r| !r.finished && !r.meta.deleted)
    }

    /// The ideas of the round open (of every open round, should two have
    /// been started at once: they show and finish as one).
    pub fn round_ideas(&self) -> impl Iterator<Item = &Idea> {
        self.ideas_live().filter(|i| {
            i.round
                .as_ref()
                // Finished rounds (nearly all, in years of them) are passed
                // over before any id is compared.
                .is_some_and(|id| self.rounds.iter().any(|r| !r.finished && &r.meta.id == id))
        })
    }

    pub fn start_round(&mut self, ctx: &mut Ctx, minutes: u8) -> Result<Id, FormError> {
        if !ROUND_MINUTES.contains(&minutes) {
            return Err(err("minutes", "Choose 3, 5 or 10 minutes."));
        }
        if let Some(r) = self.open_round() {
            return Ok(r.meta.id.clone());
        }
        let r = Round {
            meta: Meta::new(ctx, Author::Both),
            minutes,
            started_at: ctx.now,
            paused_at: None,
            paused_secs: 0,
            finished: false,
        };
        let id = r.meta.id.clone();
        self.rounds.push(r);
        Ok(id)
    }

    fn round_mut(&mut self, id: &Id) -> Option<&mut Round> {
        self.rounds.find_mut(|r| &r.meta.id == id)
    }

    pub fn pause_round(&mut self, ctx: &mut Ctx, id: &Id) {
        let now = ctx.now;
        if let Some(r) = self.round_mut(id) {
            if r.paused_at.is_none() && !r.is_over(now) {
                r.paused_at = Some(now);
                r.meta.touch(now);
            }
        }
    }

    pub fn resume_round(&mut self, ctx: &mut Ctx, id: &Id) {
        let now = ctx.now;
        if let Some(r) = self.round_mut(id) {
            if let Some(p) = r.paused_at.take() {
                r.paused_secs += (now - p).num_seconds().max(0);
                r.meta.touch(now);
            }
        }
    }

    /// Ends the round open, and any other still open (two started at
    /// once): none is left running behind it.
    pub fn finish_round(&mut self, ctx: &mut Ctx) {
        let now = ctx.now;
        while let Some(r) = self.rounds.find_mut(|r| !r.finished && !r.meta.deleted) {
            r.finished = true;
            r.paused_at = None;
            r.meta.touch(now);
        }
    }

    /// "Finish the round": the idea still in the field (if any words) goes on
    /// the list first, then every open round ends, in one save. Refused
    /// (already on the list, too long), nothing changes: the round stays
    /// open with the words.
    pub fn finish_with(
        &mut self,
        ctx: &mut Ctx,
        by: Author,
        text: &str,
        tags: Tags,
    ) -> Result<(), FormError> {
        if !text.trim().is_empty() {
            self.add_idea(ctx, by, text, tags)?;
        }
        self.finish_round(ctx);
        Ok(())
    }

    /// Adds an idea (to the open round, if any). Duplicates are refused kindly.
    pub fn add_idea(&mut self, ctx: &mut Ctx, by: Author, text: &str, tags: Tags) -> Result<Id, FormError> {
        let text = text.trim().to_string();
        if text.is_empty() {
            return Err(err("idea", "Write an idea first: anything goes in a brainstorm."));
        }
        if text.chars().count() > IDEA_MAX {
            return Err(err("idea", keep_to("an idea", IDEA_MAX)));
        }
        if self.ideas_live().any(|i| norm(&i.text) == norm(&text)) {
            return Err(err("idea", "That one is already on the list. Keep them coming!"));
        }
        let round = self.open_round().map(|r| r.meta.id.clone());
        let idea = Idea {
            meta: Meta::new(ctx, by),
            text,
            tags,
            from_deck: None,
            round,
            keep: false,
        };
        let id = idea.meta.id.clone();
        self.ideas.push(idea);
        Ok(id)
    }

    /// Mixes in up to `n` starter ideas not already on the list.
    pub fn mix_in_deck(&mut self, ctx: &mut Ctx, n: usize, roll: u64) -> usize {
        let mut rng = Seeded(roll);
        let mut fresh: Vec<&DeckIdea> = DECK
            .iter()
            .filter(|d| {
                !self
                    .ideas
                    .iter()
                    .any(|i| i.from_deck.as_deref() == Some(d.key) || norm(&i.text) == norm(d.text))
            })
            .collect();
        let round = self.open_round().map(|r| r.meta.id.clone());
        // Counted, not read from the length: a push may also settle a list
        // as a merge would (see `Records::push`).
        let mut added = 0;
        while added < n && !fresh.is_empty() {
            let d = fresh.remove(rng.below(fresh.len() as u64) as usize);
            let idea = Idea {
                meta: Meta::new(ctx, Author::Both),
                text: d.text.to_string(),
                tags: d.tags,
                from_deck: Some(d.key.to_string()),
                round: round.clone(),
                keep: false,
            };
            // Made in the same moment: `push` lists them by id, as a merge does.
            self.ideas.push(idea);
            added += 1;
        }
        added
    }

    /// Removes an idea, except during a running brainstorm (no judging then).
    pub fn delete_idea(&mut self, ctx: &mut Ctx, id: &Id) -> Result<(), FormError> {
        let now = ctx.now;
        if self.open_round().is_some_and(|r| !r.is_over(now)) {
            return Err(err(
                "idea",
                "During the brainstorm ideas are only added, never taken away. Sort them when you vote.",
            ));
        }
        if let Some(i) = self.ideas.find_mut(|i| &i.meta.id == id) {
            i.meta.deleted = true;
            i.meta.touch(now);
        }
        Ok(())
    }

    pub fn vote_of(&self, idea: &Id, who: Author) -> Option<VoteKind> {
        self.votes
            .iter()
            .filter(|v| !v.meta.deleted && &v.idea == idea && v.who == who)
            .max_by_key(|v| v.meta.updated_at)
            .map(|v| v.vote)
    }

    pub fn vote(&mut self, ctx: &mut Ctx, idea: &Id, who: Author, vote: VoteKind) {
        let now = ctx.now;
        if let Some(v) = self
            .votes
            .find_mut(|v| &v.idea == idea && v.who == who && !v.meta.deleted)
        {
            v.vote = vote;
            v.meta.touch(now);
        } else {
            self.votes.push(Vote {
                meta: Meta::new(ctx, who),
                idea: idea.clone(),
                who,
                vote,
            });
        }
    }

    /// Every partner's current vote on every idea, as [`UsTime::vote_of`]
    /// gives it one at a time: one pass over the votes instead of one per
    /// idea (ten years of brainstorms made that ideas × votes).
    fn current_votes(&self) -> HashMap<(&Id, Author), (DateTime<Utc>, VoteKind)> {
        let mut out: HashMap<(&Id, Author), (DateTime<Utc>, VoteKind)> = HashMap::new();
        for v in self.votes.iter().filter(|v| !v.meta.deleted) {
            let at = v.meta.updated_at;
            // The latest wins; of equally late ones, the last (as `max_by_key`).
            out.entry((&v.idea, v.who))
                .and_modify(|cur| {
                    if at >= cur.0 {
                        *cur = (at, v.vote);
                    }
                })
                .or_insert((at, v.vote));
        }
        out
    }

    /// Ideas `who` has not voted on yet.
    pub fn to_vote(&self, who: Author) -> Vec<&Idea> {
        let votes = self.current_votes();
        self.ideas_live()
            .filter(|i| !votes.contains_key(&(&i.meta.id, who)))
            .collect()
    }

    /// Ideas `who` has voted on, the newest first: to change a vote.
    pub fn voted(&self, who: Author) -> Vec<&Idea> {
        let votes = self.current_votes();
        self.ideas_live()
            .rev()
            .filter(|i| votes.contains_key(&(&i.meta.id, who)))
            .collect()
    }

    /// Votes are shown only when everyone has voted on that idea.
    pub fn can_reveal(&self, idea: &Id, solo: bool) -> bool {
        let a = self.vote_of(idea, Author::A).is_some();
        a && (solo || self.vote_of(idea, Author::B).is_some())
    }

    /// Ideas both (or, alone, I) would like, best first, filtered. One done
    /// together leaves them, unless one of them kept it for another time
    /// (the box under "How was it?").
    pub fn matches(&self, filter: &Filter, solo: bool) -> Vec<(&Idea, MatchLevel)> {
        let votes = self.current_votes();
        let vote_of = |id: &Id, who: Author| votes.get(&(id, who)).map(|v| v.1);
        let done: Vec<&Id> = self
            .plans_live()
            .filter(|p| p.done_at().is_some())
            .map(|p| &p.idea)
            .collect();
        let mut out: Vec<(&Idea, MatchLevel)> = self
            .ideas_live()
            .filter(|i| filter.accepts(&i.tags) && (i.keep || !done.contains(&&i.meta.id)))
            .filter_map(|i| {
                let a = vote_of(&i.meta.id, Author::A)?;
                let b = if solo { a } else { vote_of(&i.meta.id, Author::B)? };
                use VoteKind::*;
                let level = match (a, b) {
                    (Love, Love) => MatchLevel::BothLove,
                    (Love, Maybe) | (Maybe, Love) => MatchLevel::LoveMaybe,
                    (Maybe, Maybe) => MatchLevel::BothMaybe,
                    _ => return None,
                };
                Some((i, level))
            })
            .collect();
        super::order::sort_by_key(&mut out, |(i, l)| (*l, i.meta.created_at));
        out
    }

    pub fn plan(
        &mut self,
        ctx: &mut Ctx,
        idea: &Id,
        start: DateTime<Utc>,
        minutes: u32,
        note: &str,
    ) -> Result<Id, FormError> {
        let title = self
            .ideas
            .iter()
            .find(|i| &i.meta.id == idea)
            .map(|i| i.text.clone())
            .ok_or_else(|| err("idea", "That idea is no longer on the list."))?;
        let note = checked_length_and_note(minutes, note)?;
        let p = Plan {
            meta: Meta::new(ctx, Author::Both),
            idea: idea.clone(),
            title,
            start,
            minutes,
            note,
            state: PlanState::Planned,
            closeness_a: None,
            closeness_b: None,
            loved_a: String::new(),
            loved_b: String::new(),
        };
        let id = p.meta.id.clone();
        self.plans.push(p);
        Ok(id)
    }

    /// A plan starts ahead of `now`: a day or a time already gone by is
    /// refused, with the field to change ("date" or "time"). A plan being
    /// changed (`id` a plan's) may keep the start it has, with its note
    /// alone changed, say, once it has begun.
    pub fn start_ahead(
        &self,
        id: &Id,
        start: DateTime<Utc>,
        now: DateTime<Utc>,
        offset_at: OffsetAt,
    ) -> Result<(), FormError> {
        // A century on is a typo in the year (a date field takes six digits).
        if now
            .checked_add_signed(Duration::days(36_525))
            .is_none_or(|far| start > far)
        {
            return Err(err("date", "That day is a long way off. Please check the year."));
        }
        if start >= now || self.plans.iter().any(|p| &p.meta.id == id && p.start == start) {
            return Ok(());
        }
        Err(if local_day(start, offset_at) < local_day(now, offset_at) {
            err("date", concat!(super::dates::day_gone!(), "."))
        } else {
            err(
                "time",
                "That time has already gone by today. Choose a later time, or another day.",
            )
        })
    }

    /// Moves a plan still to come: a new day, time, length or note. The
    /// plan keeps its id, so a calendar file saved again updates the event.
    pub fn change_plan(
        &mut self,
        ctx: &mut Ctx,
        id: &Id,
        start: DateTime<Utc>,
        minutes: u32,
        note: &str,
    ) -> Result<(), FormError> {
        let note = checked_length_and_note(minutes, note)?;
        let now = ctx.now;
        let p = self.plan_mut(id)?;
        if p.state != PlanState::Planned {
            // A merge may have marked it done or cancelled meanwhile.
            return Err(err(
                "plan",
                "This plan was marked done or cancelled in the meantime, so there is nothing left to change.",
            ));
        }
        (p.start, p.minutes, p.note) = (start, minutes, note);
        p.meta.touch(now);
        Ok(())
    }

    fn plan_mut(&mut self, id: &Id) -> Result<&mut Plan, FormError> {
        self.plans
            .find_mut(|p| &p.meta.id == id && !p.meta.deleted)
            .ok_or_else(|| err("plan", "That plan is no longer here."))
    }

    pub fn mark_done(&mut self, ctx: &mut Ctx, id: &Id) -> Result<(), FormError> {
        let now = ctx.now;
        let p = self.plan_mut(id)?;
        p.state = PlanState::Done { at: now };
        p.meta.touch(now);
        Ok(())
    }

    pub fn cancel(&mut self, ctx: &mut Ctx, id: &Id) -> Result<(), FormError> {
        let now = ctx.now;
        let p = self.plan_mut(id)?;
        p.state = PlanState::Cancelled { at: now };
        p.meta.touch(now);
        Ok(())
    }

    /// Undo for "Cancel plan": the plan is back as it was, note and all. Only
    /// a cancelled plan comes back (a merge may have marked it done since).
    pub fn uncancel(&mut self, ctx: &mut Ctx, id: &Id) -> Result<(), FormError> {
        let now = ctx.now;
        let p = self.plan_mut(id)?;
        if matches!(p.state, PlanState::Cancelled { .. }) {
            p.state = PlanState::Planned;
            p.meta.touch(now);
        }
        Ok(())
    }

    /// One partner's reflection afterwards.
    pub fn reflect(
        &mut self,
        ctx: &mut Ctx,
        id: &Id,
        who: Author,
        closeness: u8,
        loved: &str,
    ) -> Result<(), FormError> {
        if !(1..=10).contains(&closeness) {
            return Err(err(
                "closeness",
                "Choose how close it made you feel, from 1 to 10.",
            ));
        }
        let loved = loved.trim().to_string();
        if loved.chars().count() > NOTE_MAX {
            return Err(err("loved", keep_to("it", NOTE_MAX)));
        }
        let now = ctx.now;
        let p = self.plan_mut(id)?;
        match who {
            Author::B => {
                p.closeness_b = Some(closeness);
                p.loved_b = loved;
            }
            _ => {
                p.closeness_a = Some(closeness);
                p.loved_a = loved;
            }
        }
        p.meta.touch(now);
        Ok(())
    }

    pub fn keep_idea(&mut self, ctx: &mut Ctx, idea: &Id, keep: bool) {
        if let Some(i) = self.ideas.find_mut(|i| &i.meta.id == idea) {
            i.keep = keep;
            i.meta.touch(ctx.now);
        }
    }

    /// Plans still to come, soonest first.
    pub fn upcoming(&self, now: DateTime<Utc>) -> Vec<&Plan> {
        let mut v: Vec<&Plan> = self
            .plans_live()
            .filter(|p| p.state == PlanState::Planned && p.end() >= now)
            .collect();
        super::order::sort_by_key(&mut v, |p| p.start);
        v
    }

    /// Whether `who` has still to say how the date `id` was, so an answer
    /// being written for it is still of use.
    pub fn awaits_answer(&self, id: &str, who: Author) -> bool {
        self.plans_live().any(|p| {
            p.meta.id.0 == id
                && match who {
                    Author::A => p.closeness_a.is_none(),
                    _ => p.closeness_b.is_none(),
                }
        })
    }

    /// Planned dates that have passed and are not marked yet.
    pub fn to_reflect(&self, now: DateTime<Utc>) -> Vec<&Plan> {
        self.plans_live()
            .filter(|p| p.state == PlanState::Planned && p.end() < now)
            .collect()
    }

    pub fn set_rhythm(&mut self, ctx: &mut Ctx, per: Period, times: u8) -> Result<(), FormError> {
        let max = if per == Period::Week { 7 } else { 31 };
        if !(1..=max).contains(&times) {
            return Err(err("rhythm", format!("Choose between 1 and {max}.")));
        }
        match &mut self.rhythm {
            Some(r) => {
                r.per = per;
                r.times = times;
                r.meta.touch(ctx.now);
            }
            None => {
                self.rhythm = Some(Rhythm {
                    meta: Meta::new(ctx, Author::Both),
                    per,
                    times,
                })
            }
        }
        Ok(())
    }
}

/// Picks one of the matches at random, among those not coming up already
/// (a second date for one is planned by hand, with "Plan again"); the same
/// seed picks the same. None when every match is planned.
pub fn pick<'a>(
    u: &'a UsTime,
    filter: &Filter,
    solo: bool,
    now: DateTime<Utc>,
    seed: u64,
) -> Option<&'a Idea> {
    let coming: Vec<&Id> = u.upcoming(now).into_iter().map(|p| &p.idea).collect();
    let open: Vec<&Idea> = u
        .matches(filter, solo)
        .into_iter()
        .map(|(i, _)| i)
        .filter(|i| !coming.contains(&&i.meta.id))
        .collect();
    if open.is_empty() {
        return None;
    }
    Some(open[Seeded(seed).below(open.len() as u64) as usize])
}

/// Local date and time (with the browser's UTC offset at that moment, in
/// minutes east of UTC) → UTC.
pub fn local_to_utc(date: NaiveDate, time: NaiveTime, offset_minutes: i32) -> Option<DateTime<Utc>> {
    let offset = FixedOffset::east_opt(offset_minutes * 60)?;
    offset
        .from_local_datetime(&date.and_time(time))
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// How the rhythm is going this period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RhythmSummary {
    pub done: usize,
    pub goal: u8,
    /// Plans still to come within this week or month.
    pub planned_ahead: usize,
    pub sentence: String,
}

/// This week (from Monday) or month in local time, as its start and the
/// start of the next, in UTC.
fn period(per: Period, now: DateTime<Utc>, offset_at: OffsetAt) -> (DateTime<Utc>, DateTime<Utc>) {
    let local = local_day(now, offset_at);
    let (first, next) = match per {
        Period::Week => {
            let first = local - Duration::days(local.weekday().num_days_from_monday() as i64);
            (first, first + Duration::days(7))
        }
        Period::Month => {
            let first = local.with_day(1).unwrap_or(local);
            let (y, m) = (first.year(), first.month());
            let next = NaiveDate::from_ymd_opt(y + (m == 12) as i32, m % 12 + 1, 1);
            (first, next.unwrap_or(first))
        }
    };
    (local_midnight(first, offset_at), local_midnight(next, offset_at))
}

pub fn rhythm_summary(u: &UsTime, now: DateTime<Utc>, offset_at: OffsetAt) -> Option<RhythmSummary> {
    let r = u.rhythm.as_ref()?;
    let (start, end) = period(r.per, now, offset_at);
    // A date counts when it happened: at its start, or when it was marked
    // done if that came first (done early, the plan's time was only a guess).
    let done = u
        .plans_live()
        .filter_map(|p| Some(p.start.min(p.done_at()?)))
        .filter(|at| (start..=now).contains(at))
        .count();
    // Only a date within this period is its next one: one weeks away is not.
    let planned_ahead = u.upcoming(now).into_iter().filter(|p| p.start < end).count();
    let unit = match r.per {
        Period::Week => "this week",
        Period::Month => "this month",
    };
    let per = match r.per {
        Period::Week => "a week",
        Period::Month => "a month",
    };
    let times = |n: usize| match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    };
    let hoped = format!("You hoped for time together {} {per}", times(r.times as usize));
    // Said as time together, not as a score: what was hoped for, and what
    // is next. Nothing done yet is said as what is hoped, never as "0".
    let sentence = match (done, planned_ahead) {
        (d, _) if d >= r.times as usize => {
            format!("Time together {unit}: {}, as you hoped. Lovely.", times(d))
        }
        (0, 0) => format!("{hoped}. Nothing planned {unit} yet: shall we pick one?"),
        (0, _) => format!("{hoped}, and one is planned {unit}."),
        (d, 0) => format!(
            "Time together {unit}: {d} of the {} you hoped for. Nothing else planned {unit}: shall we pick the next one?",
            r.times
        ),
        (d, _) => format!(
            "Time together {unit}: {d} of the {} you hoped for, and the next one is planned.",
            r.times
        ),
    };
    Some(RhythmSummary {
        done,
        goal: r.times,
        planned_ahead,
        sentence,
    })
}

// ---------------------------------------------------------------------------
// .ics (RFC 5545)
// ---------------------------------------------------------------------------

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8
/// character; continuation lines start with a space. Ends with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut used = 0;
    let mut limit = 75;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > limit {
            out.push_str("\r\n ");
            used = 0;
            limit = 74; // the leading space counts
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

fn stamp(t: DateTime<Utc>) -> String {
    crate::domain::dates::compact_stamp(&t) + "Z"
}

/// A calendar file for one plan, with a reminder an hour before.
pub fn ics(plan: &Plan, names: &str, now: DateTime<Utc>) -> String {
    let mut description = format!("Us time for {names}, planned in Hearth.");
    if !plan.note.is_empty() {
        description.push_str("\n\n");
        description.push_str(&plan.note);
    }
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Hearth//Us time//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{}@hearth.local", plan.meta.id),
        // Grows with each change, so a calendar takes a moved plan's file
        // as an update of the event it has, not a copy.
        format!(
            "SEQUENCE:{}",
            (plan.meta.updated_at - plan.meta.created_at).num_seconds().max(0)
        ),
        format!("DTSTAMP:{}", stamp(now)),
        format!("DTSTART:{}", stamp(plan.start)),
        format!("DTEND:{}", stamp(plan.end())),
        format!("SUMMARY:{}", escape_text(&plan.title)),
        format!("DESCRIPTION:{}", escape_text(&description)),
        "BEGIN:VALARM".into(),
        "ACTION:DISPLAY".into(),
        "TRIGGER:-PT1H".into(),
        format!(
            "DESCRIPTION:{}",
            escape_text(&format!("In an hour: {}", plan.title))
        ),
        "END:VALARM".into(),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ];
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    struct World {
        rng: Seeded,
    }

    impl World {
        fn ctx_at<R>(&mut self, now: DateTime<Utc>, f: impl FnOnce(&mut Ctx) -> R) -> R {
            let mut gen = || self.rng.bytes16();
            let mut ctx = Ctx::new(now, &mut gen);
            f(&mut ctx)
        }
    }

    fn world() -> World {
        World { rng: Seeded(77) }
    }

    #[test]
    fn a_plans_length_reads_as_the_form_offered_it() {
        assert_eq!(length_words(120), "2 hours");
        assert_eq!(length_words(2880), "a weekend");
        assert_eq!(length_words(45), "45 minutes");
    }

    #[test]
    fn deck_has_forty_varied_unique_ideas() {
        assert!(DECK.len() >= 40);
        let mut keys: Vec<_> = DECK.iter().map(|d| d.key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), DECK.len());
        for c in Cost::ALL {
            assert!(DECK.iter().any(|d| d.tags.cost == Some(c)), "{c:?}");
        }
        for p in Place::ALL {
            assert!(DECK.iter().any(|d| d.tags.place == Some(p)));
        }
    }

    #[test]
    fn the_timer_counts_down_pauses_and_survives_a_round_trip() {
        let mut w = world();
        let t0 = t("2026-11-29T20:00:00Z");
        let mut u = UsTime::default();
        assert!(w.ctx_at(t0, |c| u.start_round(c, 4)).is_err());
        let id = w.ctx_at(t0, |c| u.start_round(c, 5)).unwrap();
        let r = u.open_round().unwrap().clone();
        assert_eq!(r.remaining(t0 + Duration::seconds(65)), 235);
        w.ctx_at(t0 + Duration::seconds(60), |c| u.pause_round(c, &id));
        // Reloaded an hour later, still paused: time left is unchanged.
        let json = serde_json::to_string(&u).unwrap();
        let mut u: UsTime = serde_json::from_str(&json).unwrap();
        assert_eq!(u.open_round().unwrap().remaining(t0 + Duration::hours(1)), 240);
        w.ctx_at(t0 + Duration::seconds(120), |c| u.resume_round(c, &id));
        assert_eq!(
            u.open_round().unwrap().remaining(t0 + Duration::seconds(130)),
            230
        );
        assert!(u.open_round().unwrap().is_over(t0 + Duration::seconds(400)));
        assert_eq!(u.open_round().unwrap().remaining(t0 + Duration::hours(2)), 0);
    }

    #[test]
    fn announcements_are_sparse() {
        let said: Vec<i64> = (0..=300).filter(|s| announcement(*s).is_some()).collect();
        assert_eq!(said, vec![0, 10, 30, 60, 120, 180, 240, 300]);
        assert_eq!(announcement(60).unwrap(), "1 minute left.");
        assert_eq!(clock(245), "4:05");
    }

    #[test]
    fn during_the_round_ideas_are_only_added() {
        let mut w = world();
        let t0 = t("2026-11-29T20:00:00Z");
        let mut u = UsTime::default();
        w.ctx_at(t0, |c| u.start_round(c, 3)).unwrap();
        let id = w
            .ctx_at(t0, |c| u.add_idea(c, Author::A, "Picnic", Tags::default()))
            .unwrap();
        assert!(w
            .ctx_at(t0, |c| u.add_idea(c, Author::B, " picnic! ", Tags::default()))
            .is_err());
        assert!(w
            .ctx_at(t0, |c| u.add_idea(c, Author::B, "  ", Tags::default()))
            .is_err());
        let e = w.ctx_at(t0, |c| u.delete_idea(c, &id)).unwrap_err();
        assert!(e.message.contains("only added"));
        assert_eq!(u.ideas[0].round.as_ref(), Some(&u.rounds[0].meta.id));
        // After the time is up, tidying is fine.
        w.ctx_at(t0 + Duration::minutes(4), |c| u.delete_idea(c, &id))
            .unwrap();
        assert_eq!(u.ideas_live().count(), 0);
    }

    #[test]
    fn two_rounds_started_at_once_show_and_finish_as_one() {
        // Two windows press "Start the brainstorm" at the same moment: each
        // starts a round, with an idea in it, and the merge holds both.
        let mut w = world();
        let t0 = t("2026-11-29T20:00:00Z");
        let (mut a, mut b) = (UsTime::default(), UsTime::default());
        w.ctx_at(t0, |c| a.start_round(c, 5)).unwrap();
        w.ctx_at(t0, |c| a.add_idea(c, Author::A, "Fondue", Tags::default()))
            .unwrap();
        let later = t0 + Duration::seconds(1);
        let shown = w.ctx_at(later, |c| b.start_round(c, 10)).unwrap();
        w.ctx_at(later, |c| b.add_idea(c, Author::B, "Sledging", Tags::default()))
            .unwrap();
        let merge = |x: &UsTime, y: &UsTime| UsTime {
            ideas: crate::domain::merge::merge_records(&x.ideas, &y.ideas),
            rounds: crate::domain::merge::merge_records(&x.rounds, &y.rounds),
            ..UsTime::default()
        };
        let mut u = merge(&a, &b);
        assert_eq!(u, merge(&b, &a));
        // Every window shows the same one, with the ideas of both.
        assert_eq!(u.open_round().map(|r| &r.meta.id), Some(&shown));
        let mut ideas: Vec<&str> = u.round_ideas().map(|i| i.text.as_str()).collect();
        ideas.sort();
        assert_eq!(ideas, ["Fondue", "Sledging"]);
        // Finished, neither is left running behind it.
        w.ctx_at(later, |c| u.finish_round(c));
        assert!(u.open_round().is_none());
        assert!(u.rounds.iter().all(|r| r.finished && r.paused_at.is_none()));
        assert_eq!(u.round_ideas().count(), 0);
        // A copy that had only one of them takes the finish of both.
        let merged = merge(&a, &u);
        assert!(merged.open_round().is_none());
        // The next round starts afresh.
        let next = w.ctx_at(later, |c| u.start_round(c, 3)).unwrap();
        assert_eq!(u.open_round().map(|r| &r.meta.id), Some(&next));
        assert_eq!(u.round_ideas().count(), 0);
    }

    #[test]
    fn finish_adds_the_idea_still_typed_then_ends_the_round_or_changes_nothing() {
        let mut w = world();
        let t0 = t("2026-11-29T20:00:00Z");
        let mut u = UsTime::default();
        let round = w.ctx_at(t0, |c| u.start_round(c, 5)).unwrap();
        w.ctx_at(t0, |c| u.add_idea(c, Author::A, "Fondue", Tags::default()))
            .unwrap();
        // Already on the list: refused, and the round is still open.
        let before = u.clone();
        let e = w
            .ctx_at(t0, |c| u.finish_with(c, Author::B, " fondue ", Tags::default()))
            .unwrap_err();
        assert_eq!(e.field, "idea");
        assert_eq!(u, before, "nothing changed");
        // Words of its own: on the list, in the round, and the round ended.
        let tags = Tags {
            place: Some(Place::Out),
            ..Tags::default()
        };
        w.ctx_at(t0, |c| u.finish_with(c, Author::B, "  Sledging ", tags))
            .unwrap();
        let added = u.ideas_live().find(|i| i.text == "Sledging").unwrap();
        assert_eq!(
            (added.round.as_ref(), added.meta.by, added.tags),
            (Some(&round), Author::B, tags)
        );
        assert!(u.open_round().is_none());
        // Nothing typed: the round simply ends, with no idea added.
        w.ctx_at(t0, |c| u.start_round(c, 3)).unwrap();
        w.ctx_at(t0, |c| u.finish_with(c, Author::A, "  ", Tags::default()))
            .unwrap();
        assert!(u.open_round().is_none());
        assert_eq!(u.ideas_live().count(), 2);
    }

    #[test]
    fn a_plan_starts_ahead_a_day_or_a_time_gone_by_is_refused_with_its_field() {
        let mut w = world();
        // 13:00 in Berlin (UTC+1 in December).
        let now = t("2026-12-10T12:00:00Z");
        let berlin = |_| FixedOffset::east_opt(3600).unwrap();
        let mut u = UsTime::default();
        let idea = w
            .ctx_at(now, |c| u.add_idea(c, Author::A, "Picnic", Tags::default()))
            .unwrap();
        let ahead = |u: &UsTime, start: &str, at: DateTime<Utc>| u.start_ahead(&idea, t(start), at, &berlin);
        let field = |r: Result<(), FormError>| r.unwrap_err().field;
        assert_eq!(ahead(&u, "2026-12-10T12:00:00Z", now), Ok(()), "now is not gone");
        assert_eq!(ahead(&u, "2026-12-10T14:00:00Z", now), Ok(()));
        let e = ahead(&u, "2026-12-09T18:00:00Z", now).unwrap_err();
        assert_eq!(e.field, "date");
        assert_eq!(
            e.message,
            "That day has already gone by. Choose today or a day ahead."
        );
        let e = ahead(&u, "2026-12-10T11:30:00Z", now).unwrap_err();
        assert_eq!(e.field, "time");
        assert!(e.message.starts_with("That time has already gone by today."));
        // Days are the couple's: at 00:30 in Berlin, 23:00 the evening
        // before is another day, though the same one in UTC.
        let after_midnight = t("2026-12-10T23:30:00Z");
        assert_eq!(field(ahead(&u, "2026-12-10T22:00:00Z", after_midnight)), "date");
        assert_eq!(field(ahead(&u, "2026-12-10T23:10:00Z", after_midnight)), "time");
        // A plan being changed once it has begun keeps its start (its note
        // alone changed); it is not moved to another time gone by.
        let plan = w
            .ctx_at(now, |c| u.plan(c, &idea, t("2026-12-10T14:00:00Z"), 120, ""))
            .unwrap();
        let later = t("2026-12-10T14:30:00Z");
        assert_eq!(
            u.start_ahead(&plan, t("2026-12-10T14:00:00Z"), later, &berlin),
            Ok(())
        );
        assert_eq!(
            field(u.start_ahead(&plan, t("2026-12-10T14:10:00Z"), later, &berlin)),
            "time"
        );
        // The same start for a new plan of that idea is gone by.
        assert_eq!(field(ahead(&u, "2026-12-10T14:00:00Z", later)), "time");
    }

    #[test]
    fn mixing_in_the_deck_is_seedable_and_never_repeats() {
        let mut w = world();
        let t0 = t("2026-11-29T20:00:00Z");
        let mut a = UsTime::default();
        let mut b = UsTime::default();
        assert_eq!(w.ctx_at(t0, |c| a.mix_in_deck(c, 5, 9)), 5);
        assert_eq!(w.ctx_at(t0, |c| b.mix_in_deck(c, 5, 9)), 5);
        let texts = |u: &UsTime| {
            let mut t: Vec<_> = u.ideas.iter().map(|i| i.text.clone()).collect();
            t.sort();
            t
        };
        assert_eq!(texts(&a), texts(&b));
        // One moment's ideas are listed in the order a merge keeps them.
        let merged = crate::domain::merge::merge_records(&a.ideas, &Records::default());
        assert!(merged
            .iter()
            .map(|i| &i.meta.id)
            .eq(a.ideas.iter().map(|i| &i.meta.id)));
        assert_eq!(w.ctx_at(t0, |c| a.mix_in_deck(c, 100, 1)), DECK.len() - 5);
        assert_eq!(w.ctx_at(t0, |c| a.mix_in_deck(c, 1, 2)), 0);
    }

    #[test]
    fn matches_rank_both_love_first_and_exclude_not_now() {
        let mut w = world();
        let t0 = t("2026-11-29T20:00:00Z");
        let mut u = UsTime::default();
        let free_home = Tags {
            cost: Some(Cost::Free),
            place: Some(Place::Home),
            ..Default::default()
        };
        let mut ids = Vec::new();
        for (i, text) in ["one", "two", "three", "four"].iter().enumerate() {
            let tags = if i == 1 { free_home } else { Tags::default() };
            ids.push(
                w.ctx_at(t0 + Duration::seconds(i as i64), |c| {
                    u.add_idea(c, Author::A, text, tags)
                })
                .unwrap(),
            );
        }
        use VoteKind::*;
        let votes = [(Maybe, Love), (Love, Love), (Love, NotNow), (Maybe, Maybe)];
        for (id, (a, b)) in ids.iter().zip(votes) {
            assert!(!u.can_reveal(id, false));
            w.ctx_at(t0, |c| u.vote(c, id, Author::A, a));
            assert!(!u.can_reveal(id, false), "hidden until both voted");
            w.ctx_at(t0, |c| u.vote(c, id, Author::B, b));
            assert!(u.can_reveal(id, false));
        }
        let m: Vec<(&str, MatchLevel)> = u
            .matches(&Filter::default(), false)
            .iter()
            .map(|(i, l)| (i.text.as_str(), *l))
            .collect();
        assert_eq!(
            m,
            vec![
                ("two", MatchLevel::BothLove),
                ("one", MatchLevel::LoveMaybe),
                ("four", MatchLevel::BothMaybe)
            ]
        );
        let labels = |solo| {
            u.matches(&Filter::default(), solo)
                .iter()
                .map(|(_, l)| l.label(solo))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            labels(false),
            ["You both love it", "A love and a maybe", "Two maybes"]
        );
        // Alone, A's vote is the only one: no "both", no "two".
        assert_eq!(labels(true), ["You love it", "You love it", "A maybe", "A maybe"]);
        let free = Filter {
            cost: Some(Cost::Free),
            ..Default::default()
        };
        let m = u.matches(&free, false);
        assert_eq!(m.len(), 1, "untagged ideas don't pass a tag filter");
        assert_eq!(m[0].0.text, "two");
        // Same seed, same pick; different seeds reach every match.
        let any = Filter::default();
        let at = |s| pick(&u, &any, false, t0, s).unwrap();
        assert_eq!(at(5).meta.id, at(5).meta.id);
        let picked: std::collections::HashSet<_> = (0..40).map(|s| at(s).text.clone()).collect();
        assert_eq!(picked.len(), 3);
        assert!(pick(&UsTime::default(), &any, false, t0, 1).is_none());
        assert!(u.to_vote(Author::A).is_empty());

        // A vote changed later (a slip, or a change of heart) is the one
        // that counts, and the idea is not asked about again.
        let texts = |v: Vec<&Idea>| v.iter().map(|i| i.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(u.voted(Author::B)), ["four", "three", "two", "one"]);
        w.ctx_at(t0 + Duration::minutes(1), |c| u.vote(c, &ids[2], Author::B, Love));
        assert_eq!(u.vote_of(&ids[2], Author::B), Some(Love));
        assert_eq!(
            u.votes.iter().filter(|v| v.who == Author::B).count(),
            4,
            "changed, not added"
        );
        assert_eq!(u.matches(&Filter::default(), false)[0].0.text, "two");
        assert!(u
            .matches(&Filter::default(), false)
            .iter()
            .any(|(i, l)| i.text == "three" && *l == MatchLevel::BothLove));
        assert!(u.to_vote(Author::B).is_empty());
        let fresh = w
            .ctx_at(t0 + Duration::minutes(2), |c| {
                u.add_idea(c, Author::A, "five", Tags::default())
            })
            .unwrap();
        assert_eq!(u.voted(Author::A).len(), 4, "only the ideas voted on");
        w.ctx_at(t0, |c| u.vote(c, &fresh, Author::A, NotNow));
        assert_eq!(texts(u.voted(Author::A))[0], "five");
    }

    fn plan_at(start: DateTime<Utc>, minutes: u32, title: &str, note: &str) -> Plan {
        let mut w = world();
        let mut u = UsTime::default();
        let idea = w
            .ctx_at(start, |c| u.add_idea(c, Author::A, title, Tags::default()))
            .unwrap();
        let id = w
            .ctx_at(start, |c| u.plan(c, &idea, start, minutes, note))
            .unwrap();
        u.plans.into_iter().find(|p| p.meta.id == id).unwrap()
    }

    /// A plan at the very end of time (a typo'd year in a backup, or typed
    /// before the form refused it) opens everywhere plans are read; the form
    /// refuses a day a century on.
    #[test]
    fn a_plan_at_the_end_of_time_is_read_without_a_panic_and_refused_by_the_form() {
        let now = t("2026-12-07T12:00:00Z");
        let utc = |_| FixedOffset::east_opt(0).unwrap();
        let mut u = UsTime::default();
        let mut far = plan_at(t("2026-12-08T12:00:00Z"), 120, "Stars", "");
        far.start = crate::domain::dates::parse_rfc3339("+262142-12-31T23:00:00Z").unwrap();
        far.minutes = u32::MAX;
        assert_eq!(far.end(), DateTime::<Utc>::MAX_UTC);
        u.plans.push(far.clone());
        assert_eq!(u.upcoming(now).len(), 1);
        assert!(u.to_reflect(now).is_empty());
        let _ = rhythm_summary(&u, now, &|_| FixedOffset::east_opt(13 * 3600).unwrap());
        let file = ics(&far, "Sam & Alex", now);
        assert!(file.contains("DTSTART:"), "{file}");
        let typo = crate::domain::dates::parse_rfc3339("+99999-12-31T19:00:00Z").unwrap();
        let err = u.start_ahead(&Id("new".into()), typo, now, &utc).unwrap_err();
        assert_eq!(
            (err.field, err.message.as_str()),
            ("date", "That day is a long way off. Please check the year.")
        );
        assert!(
            u.start_ahead(&Id("new".into()), t("2126-11-30T19:00:00Z"), now, &utc)
                .is_ok(),
            "within a century"
        );
    }

    /// Parses with the independent `icalendar` crate and returns the event's
    /// properties, unfolded and unescaped by that crate.
    fn parsed(ics_text: &str) -> std::collections::HashMap<String, String> {
        let unfolded = icalendar::parser::unfold(ics_text);
        let cal = icalendar::parser::read_calendar(&unfolded).expect("valid calendar");
        let event = cal
            .components
            .iter()
            .find(|c| c.name.as_str() == "VEVENT")
            .expect("an event");
        assert!(
            event.components.iter().any(|c| c.name.as_str() == "VALARM"),
            "a reminder"
        );
        event
            .properties
            .iter()
            .map(|p| {
                (
                    p.name.as_str().to_string(),
                    p.val.clone().unescape_text().as_str().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn ics_escapes_folds_at_75_octets_and_uses_crlf_only() {
        let title = "Café picnic, by the lake; bring 🍓 strawberries\\ and a blanket for the two of us, all evening long";
        let note = "Line one,\nline two; with «quotes» and émojis 🎉🎉🎉 repeated until the line is long enough to fold twice over";
        let p = plan_at(t("2026-07-04T17:00:00Z"), 180, title, note);
        let text = ics(&p, "Sam & Zoë", t("2026-07-01T09:00:00Z"));
        assert!(!text.replace("\r\n", "").contains('\n'), "no bare LF");
        assert!(!text.replace("\r\n", "").contains('\r'), "no bare CR");
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        let props = parsed(&text);
        assert_eq!(props["SUMMARY"], title);
        assert!(props["DESCRIPTION"].ends_with(note), "{}", props["DESCRIPTION"]);
        assert_eq!(props["DTSTART"], "20260704T170000Z");
        assert_eq!(props["DTEND"], "20260704T200000Z");
        assert_eq!(props["DTSTAMP"], "20260701T090000Z");
        assert_eq!(props["UID"], format!("{}@hearth.local", p.meta.id));
        assert_eq!(escape_text("a,b;c\\d\r\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn ics_times_across_daylight_saving_at_midnight_and_in_the_past() {
        // Berlin, 29 March 2026: clocks go from +01:00 to +02:00 at 02:00 local.
        // 01:30 local (still +01:00) for 3 hours ends at 05:30 local (+02:00).
        let start = local_to_utc(
            NaiveDate::from_ymd_opt(2026, 3, 29).unwrap(),
            NaiveTime::from_hms_opt(1, 30, 0).unwrap(),
            60,
        )
        .unwrap();
        assert_eq!(start, t("2026-03-29T00:30:00Z"));
        let p = plan_at(start, 180, "Night walk", "");
        let props = parsed(&ics(&p, "Sam", t("2026-03-01T00:00:00Z")));
        assert_eq!(props["DTSTART"], "20260329T003000Z");
        assert_eq!(props["DTEND"], "20260329T033000Z");

        // Midnight local in New York (-05:00) is 05:00 UTC.
        let midnight = local_to_utc(
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            NaiveTime::from_hms_opt(0, 0, 0).unwrap(),
            -300,
        )
        .unwrap();
        let p = plan_at(midnight, 60, "New year's eve, early", "");
        let props = parsed(&ics(&p, "Sam", t("2026-12-01T00:00:00Z")));
        assert_eq!(props["DTSTART"], "20261231T050000Z");
        assert_eq!(props["DTEND"], "20261231T060000Z");

        // A plan in the past still makes a valid file.
        let past = plan_at(t("2020-01-01T18:00:00Z"), 90, "Old times", "");
        let props = parsed(&ics(&past, "Sam", t("2026-11-29T00:00:00Z")));
        assert_eq!(props["DTSTART"], "20200101T180000Z");
    }

    #[test]
    fn afterwards_each_partner_reflects_and_the_idea_can_be_kept() {
        let mut w = world();
        let t0 = t("2026-11-20T18:00:00Z");
        let mut u = UsTime::default();
        let idea = w
            .ctx_at(t0, |c| u.add_idea(c, Author::A, "Cinema", Tags::default()))
            .unwrap();
        let plan = w
            .ctx_at(t0, |c| u.plan(c, &idea, t0 + Duration::days(1), 120, ""))
            .unwrap();
        assert!(
            w.ctx_at(t0, |c| u.plan(c, &idea, t0, 5, "")).is_err(),
            "too short"
        );
        assert_eq!(u.upcoming(t0).len(), 1);
        assert_eq!(u.to_reflect(t0 + Duration::days(2)).len(), 1);
        w.ctx_at(t0 + Duration::days(2), |c| u.mark_done(c, &plan))
            .unwrap();
        assert!(w.ctx_at(t0, |c| u.reflect(c, &plan, Author::A, 11, "")).is_err());
        assert!(u.awaits_answer(&plan.0, Author::A) && u.awaits_answer(&plan.0, Author::B));
        w.ctx_at(t0, |c| u.reflect(c, &plan, Author::A, 9, "Your laugh"))
            .unwrap();
        assert!(!u.awaits_answer(&plan.0, Author::A) && u.awaits_answer(&plan.0, Author::B));
        w.ctx_at(t0, |c| u.reflect(c, &plan, Author::B, 8, "Holding hands"))
            .unwrap();
        assert!(!u.awaits_answer(&plan.0, Author::B));
        assert!(!u.awaits_answer("another", Author::A), "no such date");
        // Done, it has left the matches; kept, it is back for another time.
        for who in [Author::A, Author::B] {
            w.ctx_at(t0, |c| u.vote(c, &idea, who, VoteKind::Love));
        }
        assert!(u.matches(&Filter::default(), false).is_empty());
        w.ctx_at(t0, |c| u.keep_idea(c, &idea, true));
        assert_eq!(u.matches(&Filter::default(), false).len(), 1);
        let p = &u.plans[0];
        assert_eq!((p.closeness_a, p.closeness_b), (Some(9), Some(8)));
        assert_eq!(p.loved_b, "Holding hands");
        assert!(u.ideas[0].keep);
    }

    #[test]
    fn a_cancelled_plan_can_be_brought_back_but_not_a_done_one() {
        let mut w = world();
        let t0 = t("2026-11-20T18:00:00Z");
        let mut u = UsTime::default();
        let idea = w
            .ctx_at(t0, |c| u.add_idea(c, Author::A, "Picnic", Tags::default()))
            .unwrap();
        let plan = w
            .ctx_at(t0, |c| {
                u.plan(c, &idea, t0 + Duration::days(3), 120, "bring the blue rug")
            })
            .unwrap();
        w.ctx_at(t0, |c| u.cancel(c, &plan)).unwrap();
        assert!(u.upcoming(t0).is_empty());
        let later = t0 + Duration::minutes(1);
        w.ctx_at(later, |c| u.uncancel(c, &plan)).unwrap();
        let back = u.upcoming(t0);
        assert_eq!(back.len(), 1);
        assert_eq!(
            (back[0].note.as_str(), back[0].meta.updated_at),
            ("bring the blue rug", later)
        );
        w.ctx_at(t0, |c| u.mark_done(c, &plan)).unwrap();
        w.ctx_at(later, |c| u.uncancel(c, &plan)).unwrap();
        assert!(
            matches!(u.plans[0].state, PlanState::Done { .. }),
            "a done plan stays done"
        );
    }

    #[test]
    fn a_plan_still_to_come_can_be_moved_and_its_calendar_file_updates_the_event() {
        let mut w = world();
        let t0 = t("2026-11-20T18:00:00Z");
        let mut u = UsTime::default();
        let idea = w
            .ctx_at(t0, |c| u.add_idea(c, Author::A, "Picnic", Tags::default()))
            .unwrap();
        let sat = t0 + Duration::days(1);
        let plan = w
            .ctx_at(t0, |c| u.plan(c, &idea, sat, 120, "the blue rug"))
            .unwrap();
        assert!(
            u.is_plan(&plan) && !u.is_plan(&idea),
            "the form tells a plan from an idea"
        );
        let first = parsed(&ics(&u.plans[0], "Sam", t0));
        assert_eq!(first["SEQUENCE"], "0");

        let later = t0 + Duration::hours(2);
        let sun = sat + Duration::days(1);
        w.ctx_at(later, |c| u.change_plan(c, &plan, sun, 180, "  and the flask  "))
            .unwrap();
        let moved = &u.upcoming(t0)[0];
        assert_eq!(
            (
                &moved.meta.id,
                moved.start,
                moved.minutes,
                moved.note.as_str(),
                &moved.title
            ),
            (&plan, sun, 180, "and the flask", &"Picnic".to_string())
        );
        assert_eq!(moved.meta.updated_at, later);
        let second = parsed(&ics(moved, "Sam", later));
        assert_eq!(second["UID"], first["UID"], "the same event");
        assert_eq!(second["DTSTART"], "20261122T180000Z");
        assert_eq!(second["SEQUENCE"], "7200", "a later version");

        // Bad input leaves the plan as it was.
        let e = w
            .ctx_at(later, |c| u.change_plan(c, &plan, sat, 5, ""))
            .unwrap_err();
        assert_eq!(e.field, "length");
        let long = "x".repeat(NOTE_MAX + 1);
        let e = w
            .ctx_at(later, |c| u.change_plan(c, &plan, sat, 60, &long))
            .unwrap_err();
        assert_eq!(e.field, "note");
        assert_eq!((u.plans[0].start, u.plans[0].minutes), (sun, 180));

        // Once done (here, or in a merge), it is history and stays as it was.
        w.ctx_at(later, |c| u.mark_done(c, &plan)).unwrap();
        let e = w
            .ctx_at(later, |c| u.change_plan(c, &plan, sat, 60, ""))
            .unwrap_err();
        assert_eq!(e.field, "plan");
        assert_eq!(u.plans[0].start, sun);
        let gone = Id("nope".into());
        assert!(w.ctx_at(later, |c| u.change_plan(c, &gone, sat, 60, "")).is_err());
    }

    #[test]
    fn rhythm_is_counted_per_local_month_gently() {
        let mut w = world();
        let mut u = UsTime::default();
        let berlin = |_| FixedOffset::east_opt(3600).unwrap();
        assert!(w
            .ctx_at(t("2026-11-01T00:00:00Z"), |c| u.set_rhythm(c, Period::Week, 8))
            .is_err());
        w.ctx_at(t("2026-11-01T00:00:00Z"), |c| u.set_rhythm(c, Period::Month, 2))
            .unwrap();
        let idea = w
            .ctx_at(t("2026-11-01T00:00:00Z"), |c| {
                u.add_idea(c, Author::A, "Walk", Tags::default())
            })
            .unwrap();
        // 30 Nov 23:30 UTC is already 1 December in Berlin.
        let p1 = w
            .ctx_at(t("2026-11-01T00:00:00Z"), |c| {
                u.plan(c, &idea, t("2026-11-30T23:30:00Z"), 60, "")
            })
            .unwrap();
        w.ctx_at(t("2026-12-01T01:00:00Z"), |c| u.mark_done(c, &p1))
            .unwrap();
        let s = rhythm_summary(&u, t("2026-12-02T10:00:00Z"), &berlin).unwrap();
        assert_eq!(s.done, 1, "counted in December locally");
        assert!(
            s.sentence.contains("this month: 1 of the 2 you hoped for"),
            "{}",
            s.sentence
        );
        assert!(s.sentence.contains("shall we pick"));
        let utc = |_| FixedOffset::east_opt(0).unwrap();
        let s = rhythm_summary(&u, t("2026-12-02T10:00:00Z"), &utc).unwrap();
        assert_eq!(s.done, 0, "in UTC it was November");
        for word in ["streak", "failed", "missed"] {
            assert!(!s.sentence.to_lowercase().contains(word));
        }
    }

    #[test]
    fn a_month_begun_before_the_clocks_changed_starts_at_its_own_midnight() {
        let mut w = world();
        let mut u = UsTime::default();
        let early = t("2026-02-01T00:00:00Z");
        w.ctx_at(early, |c| u.set_rhythm(c, Period::Month, 2)).unwrap();
        let idea = w
            .ctx_at(early, |c| u.add_idea(c, Author::A, "Walk", Tags::default()))
            .unwrap();
        // In Berlin's winter time: 28 February 23:30, then 1 March 00:30.
        for start in ["2026-02-28T22:30:00Z", "2026-02-28T23:30:00Z"] {
            let p = w.ctx_at(early, |c| u.plan(c, &idea, t(start), 60, "")).unwrap();
            w.ctx_at(t("2026-03-01T12:00:00Z"), |c| u.mark_done(c, &p))
                .unwrap();
        }
        // Asked in summer time: only the date in March counts.
        let s = rhythm_summary(&u, t("2026-03-30T10:00:00Z"), &crate::domain::dates::berlin_2026).unwrap();
        assert_eq!(s.done, 1, "{}", s.sentence);
    }

    #[test]
    fn pick_passes_over_a_match_already_coming_up() {
        let mut w = world();
        let mut u = UsTime::default();
        let t0 = t("2026-12-01T10:00:00Z");
        let ids: Vec<Id> = ["one", "two"]
            .iter()
            .map(|x| {
                let id = w
                    .ctx_at(t0, |c| u.add_idea(c, Author::A, x, Tags::default()))
                    .unwrap();
                w.ctx_at(t0, |c| u.vote(c, &id, Author::A, VoteKind::Love));
                id
            })
            .collect();
        let any = Filter::default();
        w.ctx_at(t0, |c| u.plan(c, &ids[0], t("2026-12-05T18:00:00Z"), 60, ""))
            .unwrap();
        for seed in 0..20 {
            assert_eq!(pick(&u, &any, true, t0, seed).unwrap().meta.id, ids[1]);
        }
        w.ctx_at(t0, |c| u.plan(c, &ids[1], t("2026-12-06T18:00:00Z"), 60, ""))
            .unwrap();
        assert!(pick(&u, &any, true, t0, 1).is_none(), "every match is planned");
        // Once a date is past, its idea may be picked again.
        assert!(pick(&u, &any, true, t("2026-12-07T10:00:00Z"), 1).is_some());
    }

    #[test]
    fn only_a_date_within_the_week_is_its_next_one_and_nothing_reads_as_a_zero() {
        let mut w = world();
        let mut u = UsTime::default();
        let utc = |_| FixedOffset::east_opt(0).unwrap();
        let t0 = t("2026-12-01T10:00:00Z"); // a Tuesday
        w.ctx_at(t0, |c| u.set_rhythm(c, Period::Week, 2)).unwrap();
        let idea = w
            .ctx_at(t0, |c| u.add_idea(c, Author::A, "Walk", Tags::default()))
            .unwrap();
        let far = w
            .ctx_at(t0, |c| u.plan(c, &idea, t("2026-12-22T18:00:00Z"), 60, ""))
            .unwrap();
        let s = rhythm_summary(&u, t0, &utc).unwrap();
        assert_eq!(s.planned_ahead, 0, "{}", s.sentence);
        assert_eq!(
            s.sentence,
            "You hoped for time together twice a week. Nothing planned this week yet: shall we pick one?"
        );
        // Sunday evening is still this week.
        let near = w
            .ctx_at(t0, |c| u.plan(c, &idea, t("2026-12-06T18:00:00Z"), 60, ""))
            .unwrap();
        let s = rhythm_summary(&u, t0, &utc).unwrap();
        assert_eq!(s.planned_ahead, 1);
        assert_eq!(
            s.sentence,
            "You hoped for time together twice a week, and one is planned this week."
        );
        w.ctx_at(t0, |c| u.cancel(c, &near)).unwrap();
        w.ctx_at(t0, |c| u.mark_done(c, &far)).unwrap();
        let s = rhythm_summary(&u, t0, &utc).unwrap();
        assert_eq!(s.done, 1);
        assert!(s
            .sentence
            .contains("this week: 1 of the 2 you hoped for. Nothing else planned this week"));
    }

    #[test]
    fn a_date_done_before_its_planned_time_counts_when_it_was_done() {
        let mut w = world();
        let mut u = UsTime::default();
        let utc = |_| FixedOffset::east_opt(0).unwrap();
        let t0 = t("2026-12-01T10:00:00Z");
        w.ctx_at(t0, |c| u.set_rhythm(c, Period::Week, 1)).unwrap();
        let idea = w
            .ctx_at(t0, |c| u.add_idea(c, Author::A, "Walk", Tags::default()))
            .unwrap();
        // Planned for Saturday, done on Wednesday instead.
        let p = w
            .ctx_at(t0, |c| u.plan(c, &idea, t("2026-12-05T18:00:00Z"), 60, ""))
            .unwrap();
        let wed = t("2026-12-02T20:00:00Z");
        w.ctx_at(wed, |c| u.mark_done(c, &p)).unwrap();
        let s = rhythm_summary(&u, wed, &utc).unwrap();
        assert_eq!(s.done, 1, "{}", s.sentence);
        assert_eq!(s.sentence, "Time together this week: once, as you hoped. Lovely.");
        // Planned for next week and done early: it counts this week, not then.
        let p = w
            .ctx_at(t0, |c| u.plan(c, &idea, t("2026-12-09T18:00:00Z"), 60, ""))
            .unwrap();
        w.ctx_at(wed, |c| u.mark_done(c, &p)).unwrap();
        assert_eq!(rhythm_summary(&u, wed, &utc).unwrap().done, 2);
        assert_eq!(
            rhythm_summary(&u, t("2026-12-10T10:00:00Z"), &utc).unwrap().done,
            0
        );
    }
}
