//! The connection dilemma: a guided conversation for the moment someone
//! wanted to feel close and held back. One partner names the moment, what
//! they felt, what they feared and how they protected themselves; sees the
//! two ways through side by side (hold back, or reach out); and, choosing to
//! reach out, writes a blame-free share. The other partner answers in three
//! safe steps (what I heard, why it makes sense, how I can care for your
//! fear), and both say how close they feel now.
//!
//! Plain types and pure functions: time comes in through [`Ctx`] or `now`.
//! The record is saved as it changes, so every step can be left and resumed,
//! and a step back is always possible (except from the first).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::checkin::{CONNECTION_MAX, CONNECTION_MIN};
use super::couple::{Couple, FormError};
use super::feelings;
use super::figures::keep_to;
use super::record::{need, Author, Ctx, Id, Meta, MissingField, Records};

pub const MOMENT_MAX: usize = 1000;
pub const FEELINGS_MAX: usize = super::checkin::FEELINGS_MAX;
/// Own-words entries per list (fears, protections).
pub const OWN_WORDS_COUNT: usize = 5;
pub const OWN_WORDS_MAX: usize = 120;
pub const LONGING_MAX: usize = 300;
pub const REQUEST_MAX: usize = 300;
pub const SHARE_MAX: usize = 2000;
pub const REPLY_MAX: usize = 2000;
/// The suggested length of a pause when a conversation gets too hot.
pub const PAUSE_MINUTES: u32 = 20;
/// The longest pause that can be asked for at once (a day).
pub const PAUSE_MAX_MINUTES: u32 = 24 * 60;
/// A "not now" is offered again after this many days, gently.
pub const OFFER_AGAIN_AFTER_DAYS: i64 = 3;

/// What the pause button says.
pub const PAUSE_TEXT: &str =
    "This is getting hard. Let\u{2019}s take 20 minutes, breathe, and come back to it.";

/// Moments to pick from on the first step, written to follow "When …".
pub const MOMENT_EXAMPLES: &[&str] = &[
    "you came home and I wanted a hug, but I stayed on my phone",
    "we sat on the sofa and I wanted to reach for your hand, and didn\u{2019}t",
    "you seemed far away at dinner and I wanted to ask how you really were",
    "I missed you all day and said nothing when you walked in",
    "you did something kind and I didn\u{2019}t tell you how much it meant",
    "I wanted to ask for an evening just for us and kept it to myself",
    "we went to bed and I wanted to talk, but I said I was tired",
];

/// Ways to finish "What I long for is …".
pub const LONGING_SUGGESTIONS: &[&str] = &[
    "to feel close to you again",
    "to feel like we\u{2019}re on the same team",
    "to know that I matter to you",
    "to tell you things without holding back",
    "more time that\u{2019}s just for the two of us",
];

/// Small, concrete requests to finish "Would you …?".
pub const REQUEST_SUGGESTIONS: &[&str] = &[
    "sit with me for ten minutes tonight, phones away",
    "give me a long hug when you get home",
    "ask me how my day really was, and let me answer slowly",
    "plan one evening this week that\u{2019}s just for us",
    "tell me when something I do makes you feel close",
];

/// Starters for the partner's first answer: saying back what they heard.
pub const HEARD_PROMPTS: &[&str] = &[
    "What I heard you say is \u{2026}",
    "When \u{2026} happened, you felt \u{2026}",
    "Did I get that right? Is there more you\u{2019}d like me to know?",
];

/// Starters for the second answer: why it makes sense.
pub const MAKES_SENSE_PROMPTS: &[&str] = &[
    "It makes sense that you felt \u{2026}, because \u{2026}",
    "I can see why you\u{2019}d be afraid of \u{2026}, given \u{2026}",
    "If I were in your place, I might have felt \u{2026} too.",
];

/// Starters for the third answer: caring for the fear with something concrete.
pub const CARE_PROMPTS: &[&str] = &[
    "When you\u{2019}re afraid of \u{2026}, what I can do is \u{2026}",
    "One small thing I can offer this week is \u{2026}",
    "Next time you reach for me, I\u{2019}d like to \u{2026}",
];

// ---------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------

/// The screens of the flow, in order. Steps 1–7 belong to the partner who held
/// back; [`Step::Handover`] passes the device (or, alone, waits until the
/// partner is ready); the partner's turn is split into its three answers; and
/// the last step is for both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// 1. The moment I held back.
    #[default]
    Moment,
    /// 2. What I felt.
    Felt,
    /// 3. What I feared.
    Feared,
    /// 4. How I protected myself.
    Protected,
    /// 5. The two choices, side by side.
    TwoChoices,
    /// 6. I choose: reach out, or not now.
    Choose,
    /// 7. My share.
    Share,
    /// 8. Hand the device over (together) or show it when ready (alone).
    Handover,
    /// 9. The partner: what I heard.
    Heard,
    /// 10. The partner: why it makes sense.
    MakesSense,
    /// 11. The partner: how I can care for your fear.
    Care,
    /// 12. How close do we feel now.
    Closeness,
}
super::record::unit_enum_deserialize!(Step {
    Moment = "moment",
    Felt = "felt",
    Feared = "feared",
    Protected = "protected",
    TwoChoices = "two_choices",
    Choose = "choose",
    Share = "share",
    Handover = "handover",
    Heard = "heard",
    MakesSense = "makes_sense",
    Care = "care",
    Closeness = "closeness",
});

impl Step {
    pub const ALL: [Step; 12] = [
        Step::Moment,
        Step::Felt,
        Step::Feared,
        Step::Protected,
        Step::TwoChoices,
        Step::Choose,
        Step::Share,
        Step::Handover,
        Step::Heard,
        Step::MakesSense,
        Step::Care,
        Step::Closeness,
    ];

    /// Stable key (the serde name), e.g. for a route segment.
    pub fn key(self) -> &'static str {
        match self {
            Step::Moment => "moment",
            Step::Felt => "felt",
            Step::Feared => "feared",
            Step::Protected => "protected",
            Step::TwoChoices => "two_choices",
            Step::Choose => "choose",
            Step::Share => "share",
            Step::Handover => "handover",
            Step::Heard => "heard",
            Step::MakesSense => "makes_sense",
            Step::Care => "care",
            Step::Closeness => "closeness",
        }
    }

    pub fn from_key(key: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The number shown to people ("step 3 of 12"): every screen counts,
    /// so the listener's three answers (9, 10, 11) move the count on too.
    pub fn number(self) -> usize {
        self.index() + 1
    }

    /// The partner's three answers.
    pub fn is_partner_step(self) -> bool {
        matches!(self, Step::Heard | Step::MakesSense | Step::Care)
    }

    /// Steps of the face-to-face conversation, where the pause button matters most.
    pub fn is_dialogue(self) -> bool {
        matches!(
            self,
            Step::Handover | Step::Heard | Step::MakesSense | Step::Care | Step::Closeness
        )
    }

    fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The step's heading, in our words.
    pub fn title(self) -> &'static str {
        match self {
            Step::Moment => "When did you want to feel close, and held back?",
            Step::Felt => "What did you feel?",
            Step::Feared => "What were you afraid might happen?",
            Step::Protected => "How did you keep yourself safe?",
            Step::TwoChoices => "Two ways through",
            Step::Choose => "What do you choose?",
            Step::Share => "Your share",
            Step::Handover => "Your partner\u{2019}s turn",
            Step::Heard => "What I heard",
            Step::MakesSense => "Why it makes sense",
            Step::Care => "How I can care for your fear",
            Step::Closeness => "How close do you feel now?",
        }
    }

    /// A line of help under the heading.
    pub fn hint(self) -> &'static str {
        match self {
            Step::Moment => "A small moment is enough. Write it your way, or start from an example.",
            Step::Felt => "Pick any words that come close. They don\u{2019}t have to be exact.",
            Step::Feared => {
                "Most of us hold back because part of us expects to get hurt. Choose all that fit."
            }
            Step::Protected => "Everyone has ways of staying safe. Naming yours is not blaming yourself.",
            Step::TwoChoices => "Both make sense. Here is what each one gives, and what it asks of you.",
            Step::Choose => {
                "There is no wrong answer. \u{201c}Not now\u{201d} is saved, and offered again later."
            }
            Step::Share => {
                "Say what happened in you: a feeling, a fear, what you long for, and one small request."
            }
            Step::Handover => "Take your time. Read slowly, and listen for the feeling underneath.",
            Step::Heard => "Say back what you heard, in your own words, without adding your side yet.",
            Step::MakesSense => {
                "You don\u{2019}t have to agree to see why it makes sense from where they stand."
            }
            Step::Care => "Offer one small, concrete thing you can do when this fear shows up.",
            Step::Closeness => "Each of you, from 1 (far apart) to 10 (very close).",
        }
    }
}

// ---------------------------------------------------------------------------
// Fears and protections
// ---------------------------------------------------------------------------

/// What a person fears might happen if they reach out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fear {
    Hurt,
    Rejection,
    Criticism,
    NotEnough,
    Burden,
    LosingMyself,
    Conflict,
}
super::record::unit_enum_deserialize!(Fear {
    Hurt = "hurt",
    Rejection = "rejection",
    Criticism = "criticism",
    NotEnough = "not_enough",
    Burden = "burden",
    LosingMyself = "losing_myself",
    Conflict = "conflict",
});

impl Fear {
    /// In this order; it also breaks ties in [`cycle`].
    pub const ALL: [Fear; 7] = [
        Fear::Hurt,
        Fear::Rejection,
        Fear::Criticism,
        Fear::NotEnough,
        Fear::Burden,
        Fear::LosingMyself,
        Fear::Conflict,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Fear::Hurt => "hurt",
            Fear::Rejection => "rejection",
            Fear::Criticism => "criticism",
            Fear::NotEnough => "not_enough",
            Fear::Burden => "burden",
            Fear::LosingMyself => "losing_myself",
            Fear::Conflict => "conflict",
        }
    }

    pub fn from_key(key: &str) -> Option<Fear> {
        Fear::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The choice as the person picks it ("I was afraid of …").
    pub fn label(self) -> &'static str {
        match self {
            Fear::Hurt => "Getting hurt",
            Fear::Rejection => "Being turned away",
            Fear::Criticism => "Being criticised",
            Fear::NotEnough => "Not being enough",
            Fear::Burden => "Being a burden",
            Fear::LosingMyself => "Losing myself",
            Fear::Conflict => "Starting a fight",
        }
    }

    /// First person, after "I was afraid ".
    fn afraid_of(self) -> &'static str {
        match self {
            Fear::Hurt => "of getting hurt",
            Fear::Rejection => "of being turned away",
            Fear::Criticism => "of being criticised",
            Fear::NotEnough => "of not being enough for you",
            Fear::Burden => "of being a burden to you",
            Fear::LosingMyself => "of losing myself",
            Fear::Conflict => "of starting a fight",
        }
    }

    /// Second person, after "safe from " or "your fear of ".
    fn yours(self) -> &'static str {
        match self {
            Fear::Hurt => "getting hurt",
            Fear::Rejection => "being turned away",
            Fear::Criticism => "being criticised",
            Fear::NotEnough => "not being enough",
            Fear::Burden => "being a burden",
            Fear::LosingMyself => "losing yourself",
            Fear::Conflict => "a fight",
        }
    }

    /// Third person, after "When Sam fears ".
    pub fn theirs(self) -> &'static str {
        match self {
            Fear::Hurt => "getting hurt",
            Fear::Rejection => "rejection",
            Fear::Criticism => "criticism",
            Fear::NotEnough => "not being enough",
            Fear::Burden => "being a burden",
            Fear::LosingMyself => "losing themselves",
            Fear::Conflict => "a fight",
        }
    }
}

/// How a person protects themselves instead of reaching out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Protection {
    Withdraw,
    GoQuiet,
    GetBusy,
    ChangeSubject,
    JokeAway,
    Criticise,
    PushHarder,
}
super::record::unit_enum_deserialize!(Protection {
    Withdraw = "withdraw",
    GoQuiet = "go_quiet",
    GetBusy = "get_busy",
    ChangeSubject = "change_subject",
    JokeAway = "joke_away",
    Criticise = "criticise",
    PushHarder = "push_harder",
});

impl Protection {
    /// In this order; it also breaks ties in [`cycle`].
    pub const ALL: [Protection; 7] = [
        Protection::Withdraw,
        Protection::GoQuiet,
        Protection::GetBusy,
        Protection::ChangeSubject,
        Protection::JokeAway,
        Protection::Criticise,
        Protection::PushHarder,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Protection::Withdraw => "withdraw",
            Protection::GoQuiet => "go_quiet",
            Protection::GetBusy => "get_busy",
            Protection::ChangeSubject => "change_subject",
            Protection::JokeAway => "joke_away",
            Protection::Criticise => "criticise",
            Protection::PushHarder => "push_harder",
        }
    }

    pub fn from_key(key: &str) -> Option<Protection> {
        Protection::ALL.into_iter().find(|p| p.key() == key)
    }

    /// The choice as the person picks it.
    pub fn label(self) -> &'static str {
        match self {
            Protection::Withdraw => "Pulling away",
            Protection::GoQuiet => "Going quiet",
            Protection::GetBusy => "Keeping busy",
            Protection::ChangeSubject => "Changing the subject",
            Protection::JokeAway => "Joking it away",
            Protection::Criticise => "Getting critical",
            Protection::PushHarder => "Pushing harder",
        }
    }

    /// First person, past, after "so I ".
    fn did(self) -> &'static str {
        match self {
            Protection::Withdraw => "pulled away",
            Protection::GoQuiet => "went quiet",
            Protection::GetBusy => "kept myself busy",
            Protection::ChangeSubject => "changed the subject",
            Protection::JokeAway => "made a joke of it",
            Protection::Criticise => "got critical",
            Protection::PushHarder => "pushed harder",
        }
    }

    /// Third person, after "Sam ".
    pub fn does(self) -> &'static str {
        match self {
            Protection::Withdraw => "pulls away",
            Protection::GoQuiet => "goes quiet",
            Protection::GetBusy => "keeps busy",
            Protection::ChangeSubject => "changes the subject",
            Protection::JokeAway => "jokes it away",
            Protection::Criticise => "gets critical",
            Protection::PushHarder => "pushes harder",
        }
    }

    /// How it can land on the other partner, after "when Alex feels ".
    pub fn lands_as(self) -> &'static str {
        match self {
            Protection::Withdraw => "alone",
            Protection::GoQuiet => "shut out",
            Protection::GetBusy => "unimportant",
            Protection::ChangeSubject => "brushed off",
            Protection::JokeAway => "not taken seriously",
            Protection::Criticise => "criticised",
            Protection::PushHarder => "pressured",
        }
    }
}

/// What the person chooses on step 6.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// Reach out: go on to the share.
    Pursue,
    /// Not now: saved as it is, with no judgement, and offered again later.
    NotNow,
}
super::record::unit_enum_deserialize!(Choice { Pursue = "pursue", NotNow = "not_now" });

/// Where a conversation stands. The step it is on is kept separately, so a
/// paused or "not now" conversation resumes exactly where it was.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", try_from = "StatusShape")]
pub enum Status {
    #[default]
    InProgress,
    /// A break in the middle of a hard moment; resumable at any time, and
    /// suggested again from `resume_after`.
    Paused {
        resume_after: DateTime<Utc>,
    },
    /// The person chose not to reach out yet (at `since`).
    NotNow {
        since: DateTime<Utc>,
    },
    Finished {
        at: DateTime<Utc>,
    },
}

/// A stored status, read flat (see [`MissingField`]).
#[derive(Deserialize)]
struct StatusShape {
    kind: StatusKind,
    #[serde(default, with = "super::dates::moment::option")]
    resume_after: Option<DateTime<Utc>>,
    #[serde(default, with = "super::dates::moment::option")]
    since: Option<DateTime<Utc>>,
    #[serde(default, with = "super::dates::moment::option")]
    at: Option<DateTime<Utc>>,
}

#[derive(Clone, Copy)]
enum StatusKind {
    InProgress,
    Paused,
    NotNow,
    Finished,
}
super::record::unit_enum_deserialize!(StatusKind {
    InProgress = "in_progress",
    Paused = "paused",
    NotNow = "not_now",
    Finished = "finished",
});

impl TryFrom<StatusShape> for Status {
    type Error = MissingField;
    fn try_from(s: StatusShape) -> Result<Self, MissingField> {
        Ok(match s.kind {
            StatusKind::InProgress => Status::InProgress,
            StatusKind::Paused => Status::Paused {
                resume_after: need(s.resume_after, "resume_after")?,
            },
            StatusKind::NotNow => Status::NotNow {
                since: need(s.since, "since")?,
            },
            StatusKind::Finished => Status::Finished {
                at: need(s.at, "at")?,
            },
        })
    }
}

// ---------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------

/// The partners' names, for sentences. `b` is `None` while one partner uses
/// Hearth alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Names<'a> {
    pub a: &'a str,
    pub b: Option<&'a str>,
}

impl<'a> Names<'a> {
    pub fn new(a: &'a str, b: Option<&'a str>) -> Self {
        Names { a, b }
    }

    pub fn of(couple: &'a Couple) -> Self {
        Names {
            a: &couple.a.name,
            b: couple.b.as_ref().map(|p| p.name.as_str()),
        }
    }

    /// A partner's name; "your partner" when B has not joined (or a name is blank).
    pub fn name(&self, who: Author) -> &'a str {
        match who {
            Author::Both => "you both",
            _ => self.known(who).unwrap_or("your partner"),
        }
    }

    /// A partner's name, if there is one (never for `Both`).
    fn known(&self, who: Author) -> Option<&'a str> {
        let n = match who {
            Author::A => Some(self.a),
            Author::B => self.b,
            Author::Both => None,
        };
        n.map(str::trim).filter(|n| !n.is_empty())
    }
}

// ---------------------------------------------------------------------------
// The record
// ---------------------------------------------------------------------------

/// One connection-dilemma conversation. `by` (and `meta.by`) is the partner
/// who held back; the partner's answers live in `heard`, `makes_sense` and
/// `care`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dilemma {
    pub meta: Meta,
    pub by: Author,
    /// Alone when the share was written: step 8 is "show it when you're
    /// ready", its words and what its button does (see [`Dilemma::next`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub solo: bool,
    #[serde(default)]
    pub step: Step,
    #[serde(default)]
    pub status: Status,
    // 1
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub moment: String,
    // 2: keys from `feelings::FAMILIES` (unknown keys are kept and shown as they are).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feelings: Vec<String>,
    // 3
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fears: Vec<Fear>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fears_own: Vec<String>,
    // 4
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub protections: Vec<Protection>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub protections_own: Vec<String>,
    // 6
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<Choice>,
    // 7
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub longing: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub request: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub share: String,
    // 8: the partner
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub heard: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub makes_sense: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub care: String,
    // 9
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closeness_a: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closeness_b: Option<u8>,
    /// The partner's dilemma this one answers (the "swap").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<Id>,
}

fn err(field: &'static str, message: impl Into<String>) -> FormError {
    FormError {
        field,
        message: message.into(),
    }
}

/// The most a written field of a conversation may hold, as its step checks.
pub fn limit_of(field: &str) -> usize {
    match field {
        "moment" => MOMENT_MAX,
        "share" => SHARE_MAX,
        "longing" => LONGING_MAX,
        "request" => REQUEST_MAX,
        _ => REPLY_MAX,
    }
}

fn too_long(field: &'static str, text: &str, max: usize) -> Option<FormError> {
    (text.chars().count() > max).then(|| err(field, keep_to("this", max)))
}

pub(super) fn same_words(a: &str, b: &str) -> bool {
    // Char by char: `str::to_lowercase` brings 4 KiB of wasm for its
    // final-sigma rule; a word's end does not matter here, so every sigma is
    // one letter ("ΦΌΒΟΣ" and "φόβος" are the same words).
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .flat_map(super::case::lower)
            .map(|c| if c == 'ς' { 'σ' } else { c })
            .collect::<String>()
    };
    norm(a) == norm(b)
}

/// Adds an own-words entry: trimmed, not empty, not a repeat, within limits.
/// Why words of one's own were not added: each says what to do instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotAdded {
    Empty,
    TooLong,
    AlreadyThere,
    Full,
}

impl NotAdded {
    pub fn message(self) -> &'static str {
        match self {
            NotAdded::Empty => "Type a few words first, then Add.",
            NotAdded::TooLong => {
                "That is a little long for this list: 120 characters at most. A few words are enough."
            }
            NotAdded::AlreadyThere => "Those words are already on the list.",
            NotAdded::Full => "The list holds five at most. Remove one to add another.",
        }
    }
}

fn add_own(list: &mut Vec<String>, text: &str) -> Result<(), NotAdded> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(NotAdded::Empty);
    }
    if text.chars().count() > OWN_WORDS_MAX {
        return Err(NotAdded::TooLong);
    }
    if list.iter().any(|x| same_words(x, &text)) {
        return Err(NotAdded::AlreadyThere);
    }
    if list.len() >= OWN_WORDS_COUNT {
        return Err(NotAdded::Full);
    }
    list.push(text);
    Ok(())
}

fn toggle<T: PartialEq>(list: &mut Vec<T>, x: T) {
    if let Some(i) = list.iter().position(|y| *y == x) {
        list.remove(i);
    } else {
        list.push(x);
    }
}

impl Dilemma {
    /// Begins a conversation for `by` (A or B), at the first step.
    pub fn new(ctx: &mut Ctx, by: Author, solo: bool, reply_to: Option<Id>) -> Self {
        Dilemma {
            meta: Meta::new(ctx, by),
            by,
            solo,
            step: Step::Moment,
            status: Status::InProgress,
            moment: String::new(),
            feelings: Vec::new(),
            fears: Vec::new(),
            fears_own: Vec::new(),
            protections: Vec::new(),
            protections_own: Vec::new(),
            choice: None,
            longing: String::new(),
            request: String::new(),
            share: String::new(),
            heard: String::new(),
            makes_sense: String::new(),
            care: String::new(),
            closeness_a: None,
            closeness_b: None,
            reply_to,
        }
    }

    /// The partner who answers the share.
    pub fn partner(&self) -> Author {
        self.by.other()
    }

    pub fn is_finished(&self) -> bool {
        matches!(self.status, Status::Finished { .. })
    }

    pub fn finished_at(&self) -> Option<DateTime<Utc>> {
        match self.status {
            Status::Finished { at } => Some(at),
            _ => None,
        }
    }

    // -- editing the answers (the caller touches `meta`, e.g. through
    //    `Dilemmas::edit`) ------------------------------------------------

    pub fn toggle_feeling(&mut self, key: &str) {
        if let Some(i) = self.feelings.iter().position(|f| f == key) {
            self.feelings.remove(i);
        } else if feelings::is_known(key) && self.feelings.len() < FEELINGS_MAX {
            self.feelings.push(key.to_string());
        }
    }

    pub fn toggle_fear(&mut self, fear: Fear) {
        toggle(&mut self.fears, fear);
    }

    pub fn toggle_protection(&mut self, p: Protection) {
        toggle(&mut self.protections, p);
    }

    /// Adds a fear in the person's own words; false if empty, a repeat, too
    /// long, or the list is full.
    pub fn add_own_fear(&mut self, text: &str) -> Result<(), NotAdded> {
        add_own(&mut self.fears_own, text)
    }

    pub fn remove_own_fear(&mut self, index: usize) {
        if index < self.fears_own.len() {
            self.fears_own.remove(index);
        }
    }

    pub fn add_own_protection(&mut self, text: &str) -> Result<(), NotAdded> {
        add_own(&mut self.protections_own, text)
    }

    pub fn remove_own_protection(&mut self, index: usize) {
        if index < self.protections_own.len() {
            self.protections_own.remove(index);
        }
    }

    /// The step's "in my own words" list, if it has one: its field name.
    pub fn own_words_field(&self) -> Option<&'static str> {
        match self.step {
            Step::Feared => Some("fears"),
            Step::Protected => Some("protections"),
            _ => None,
        }
    }

    /// Words typed under "in my own words" and not yet added, when the step
    /// is left by Continue: they are added, so moving on never drops them.
    /// Blank or already listed, there is nothing to add; too long, or the
    /// list full, the step says why and stays.
    pub fn add_typed(&mut self, typed: &str) -> Result<(), Vec<FormError>> {
        // The message is the field's own ("fears-own"): it sits under it.
        let (added, field) = match self.step {
            Step::Feared => (self.add_own_fear(typed), "fears-own"),
            Step::Protected => (self.add_own_protection(typed), "protections-own"),
            _ => return Ok(()),
        };
        let message = match added {
            Err(NotAdded::TooLong) => {
                "These words are a little long for the list: 120 characters at most. \
                 Shorten them, or empty the field to go on."
            }
            Err(NotAdded::Full) => {
                "The list holds five already: remove one to add these words, or empty the field to go on."
            }
            _ => return Ok(()),
        };
        Err(vec![err(field, message)])
    }

    /// Records how close one partner feels now (1–10).
    pub fn set_closeness(&mut self, who: Author, n: u8) -> Result<(), FormError> {
        if !(CONNECTION_MIN..=CONNECTION_MAX).contains(&n) {
            return Err(err(
                "closeness",
                "Choose a number from 1 (far apart) to 10 (very close).",
            ));
        }
        match who {
            Author::A => self.closeness_a = Some(n),
            Author::B => self.closeness_b = Some(n),
            Author::Both => {
                self.closeness_a = Some(n);
                self.closeness_b = Some(n);
            }
        }
        Ok(())
    }

    pub fn closeness(&self, who: Author) -> Option<u8> {
        match who {
            Author::A => self.closeness_a,
            Author::B => self.closeness_b,
            Author::Both => None,
        }
    }

    // -- the step machine ------------------------------------------------

    /// What is missing or too long on `step`, worded kindly. Empty when the
    /// step can be left.
    pub fn check(&self, step: Step) -> Vec<FormError> {
        let mut errors = Vec::new();
        match step {
            Step::Moment => {
                if self.moment.trim().is_empty() {
                    errors.push(err(
                        "moment",
                        "Write a line or two about the moment, or start from one of the examples. \
                         A small moment is enough.",
                    ));
                }
                errors.extend(too_long("moment", self.moment.trim(), MOMENT_MAX));
            }
            Step::Felt => {
                if self.feelings.is_empty() {
                    errors.push(err(
                        "feelings",
                        "Pick at least one word that comes close to what you felt. \
                         It doesn\u{2019}t need to be exact.",
                    ));
                }
            }
            Step::Feared => {
                if self.fears.is_empty() && self.fears_own.is_empty() {
                    errors.push(err(
                        "fears",
                        "Choose what you were afraid might happen, or say it in your own words. \
                         Naming the fear is what makes it easier to care for.",
                    ));
                }
            }
            Step::Protected => {
                if self.protections.is_empty() && self.protections_own.is_empty() {
                    errors.push(err(
                        "protections",
                        "Choose how you kept yourself safe, or say it in your own words. \
                         Everyone has a way; there is no wrong one.",
                    ));
                }
            }
            Step::TwoChoices | Step::Handover => {}
            Step::Choose => {
                if self.choice != Some(Choice::Pursue) {
                    errors.push(err(
                        "choice",
                        "Choose to reach out, or \u{201c}not now\u{201d}. Both are okay.",
                    ));
                }
            }
            Step::Share => {
                if self.share.trim().is_empty() {
                    errors.push(err(
                        "share",
                        "Write your share, or let Hearth draft it from your answers and make it yours.",
                    ));
                }
                errors.extend(too_long("share", self.share.trim(), SHARE_MAX));
                errors.extend(too_long("longing", self.longing.trim(), LONGING_MAX));
                errors.extend(too_long("request", self.request.trim(), REQUEST_MAX));
            }
            Step::Heard => {
                if self.heard.trim().is_empty() {
                    errors.push(err(
                        "heard",
                        "Say back what you heard, in your own words. A sentence or two is enough.",
                    ));
                }
                errors.extend(too_long("heard", self.heard.trim(), REPLY_MAX));
            }
            Step::MakesSense => {
                if self.makes_sense.trim().is_empty() {
                    errors.push(err(
                        "makes_sense",
                        "Share why this makes sense to you. You don\u{2019}t have to agree to understand.",
                    ));
                }
                errors.extend(too_long("makes_sense", self.makes_sense.trim(), REPLY_MAX));
            }
            Step::Care => {
                if self.care.trim().is_empty() {
                    errors.push(err(
                        "care",
                        "Offer one small, concrete thing you can do when this fear shows up.",
                    ));
                }
                errors.extend(too_long("care", self.care.trim(), REPLY_MAX));
            }
            Step::Closeness => {
                // Each message sits under its own scale, which names whose it is.
                // In the page's order, A's scale first: the focus goes to the
                // first one missing.
                let people = if self.solo {
                    vec![self.by]
                } else {
                    vec![Author::A, Author::B]
                };
                for p in people {
                    if self.closeness(p).is_none() {
                        let field = if p == Author::B {
                            "closeness_b"
                        } else {
                            "closeness_a"
                        };
                        errors.push(err(field, "Choose how close you feel now, from 1 to 10."));
                    }
                }
            }
        }
        errors
    }

    fn not_open(&self) -> Option<FormError> {
        match self.status {
            Status::InProgress => None,
            Status::Paused { .. } => Some(err(
                "status",
                "This conversation is resting. Resume it when you both feel ready.",
            )),
            Status::NotNow { .. } => Some(err(
                "status",
                "You chose \u{201c}not now\u{201d} for this one. You can pick it up again whenever you like.",
            )),
            Status::Finished { .. } => Some(err("status", "This conversation is already complete.")),
        }
    }

    fn tidy(&mut self, step: Step) {
        let trim = |s: &mut String| {
            let t = s.trim();
            if t.len() != s.len() {
                *s = t.to_string();
            }
        };
        match step {
            Step::Moment => trim(&mut self.moment),
            Step::Share => {
                trim(&mut self.share);
                trim(&mut self.longing);
                trim(&mut self.request);
            }
            Step::Heard => trim(&mut self.heard),
            Step::MakesSense => trim(&mut self.makes_sense),
            Step::Care => trim(&mut self.care),
            _ => {}
        }
    }

    /// Checks the current step and moves on. `solo` is whether the couple is
    /// one partner for now, kept as `self.solo` on each step before the
    /// handover (the couple may have changed since the flow began). The
    /// handover then does what its words say, by that stored flag (one rule
    /// for both): alone, the conversation is finished there, to be shown to
    /// the partner when ready, and if they have joined since, it waits for
    /// them ([`Dilemma::waits_for_partner`]).
    /// Returns the new step; after the last step the status is `Finished` and
    /// the step stays where it was.
    pub fn next(&mut self, ctx: &mut Ctx, solo: bool) -> Result<Step, Vec<FormError>> {
        if let Some(e) = self.not_open() {
            return Err(vec![e]);
        }
        self.step = self.step_shown(solo);
        // At the handover the stored flag holds, unless the couple is one
        // now: then there is no partner to hand the device to, and it
        // finishes, as the words say (`handover_text`, the page's button).
        if self.step < Step::Handover || (self.step == Step::Handover && solo) {
            self.solo = solo;
        }
        let errors = self.check(self.step);
        if !errors.is_empty() {
            return Err(errors);
        }
        self.tidy(self.step);
        let next = match self.step {
            Step::Moment => Some(Step::Felt),
            Step::Felt => Some(Step::Feared),
            Step::Feared => Some(Step::Protected),
            Step::Protected => Some(Step::TwoChoices),
            Step::TwoChoices => Some(Step::Choose),
            Step::Choose => Some(Step::Share),
            Step::Share => Some(Step::Handover),
            Step::Handover if self.solo => None,
            Step::Handover => Some(Step::Heard),
            Step::Heard => Some(Step::MakesSense),
            Step::MakesSense => Some(Step::Care),
            Step::Care => Some(Step::Closeness),
            Step::Closeness => None,
        };
        match next {
            Some(s) => self.step = s,
            None => self.status = Status::Finished { at: ctx.now },
        }
        self.meta.touch(ctx.now);
        Ok(self.step)
    }

    pub fn can_go_back(&self) -> bool {
        self.status == Status::InProgress && self.step != Step::Moment
    }

    /// One step back, keeping every answer. `None` at the first step, or when
    /// the conversation is paused, set aside or finished (resume it first).
    pub fn back(&mut self, ctx: &mut Ctx, solo_now: bool) -> Option<Step> {
        if !self.can_go_back() {
            return None;
        }
        let i = self.step_shown(solo_now).index();
        self.step = Step::ALL[i - 1];
        self.meta.touch(ctx.now);
        Some(self.step)
    }

    /// Step 6. Reaching out moves on to the share; "not now" saves the
    /// conversation as it is, to be offered again later. Possible from the
    /// two choices or the choice itself.
    pub fn choose(&mut self, ctx: &mut Ctx, choice: Choice) -> Result<Step, Vec<FormError>> {
        if let Some(e) = self.not_open() {
            return Err(vec![e]);
        }
        if !matches!(self.step, Step::TwoChoices | Step::Choose) {
            return Err(vec![err(
                "choice",
                "The choice comes after the two ways through. Let\u{2019}s finish the steps before it.",
            )]);
        }
        self.choice = Some(choice);
        self.step = Step::Choose;
        match choice {
            Choice::Pursue => self.step = Step::Share,
            Choice::NotNow => self.status = Status::NotNow { since: ctx.now },
        }
        self.meta.touch(ctx.now);
        Ok(self.step)
    }

    /// Takes a break (on any step of an open conversation); `minutes` is
    /// kept between 1 and a day. Returns when it is suggested to come back.
    pub fn pause(&mut self, now: DateTime<Utc>, minutes: u32) -> Result<DateTime<Utc>, Vec<FormError>> {
        if let Some(e) = self.not_open() {
            return Err(vec![e]);
        }
        let minutes = minutes.clamp(1, PAUSE_MAX_MINUTES);
        let resume_after = now + Duration::minutes(i64::from(minutes));
        self.status = Status::Paused { resume_after };
        self.meta.touch(now);
        Ok(resume_after)
    }

    /// Picks a paused or "not now" conversation up again: a pause resumes at
    /// its step (early is fine); a "not now" returns to the choice, open again.
    pub fn resume(&mut self, ctx: &mut Ctx) -> Result<Step, Vec<FormError>> {
        match self.status {
            Status::InProgress => return Ok(self.step),
            Status::Paused { .. } => {}
            Status::NotNow { .. } => {
                self.step = Step::Choose;
                self.choice = None;
            }
            Status::Finished { .. } => {
                return Err(vec![err("status", "This conversation is already complete.")]);
            }
        }
        self.status = Status::InProgress;
        self.meta.touch(ctx.now);
        Ok(self.step)
    }

    /// Shared alone and finished at the handover, while the partner is now
    /// here (`partner_here`: the couple has a partner B): it waits for their
    /// answers, which [`Dilemma::open_for_partner`] begins. Derived, not
    /// stored: a merge keeps whichever copy is newer, as for any change.
    pub fn waits_for_partner(&self, partner_here: bool) -> bool {
        partner_here
            && self.solo
            && self.is_finished()
            && self.step == Step::Handover
            && !self.share.trim().is_empty()
    }

    /// Who wrote it alone, while it is before the hand-over (in progress,
    /// set aside with "not now", or paused there): their words are not yet
    /// the partner's to read, and on one shared device Hearth asks who is
    /// here before showing them (`None` once handed over or finished).
    pub fn written_alone_by(&self) -> Option<Author> {
        (!self.is_finished() && self.step < Step::Handover).then_some(self.by)
    }

    /// Who Back is for, when Hearth must ask: at the hand-over of a
    /// conversation of two, Back returns to the speaker's own steps, and
    /// whoever holds the device may be the listener (who reaches the
    /// hand-over by Back from their first answer, and no further). `None`
    /// where Back stays with whoever is on the step, and always alone
    /// (`solo_now`: the couple is one partner now).
    pub fn back_is_for(&self, solo_now: bool) -> Option<Author> {
        (self.step == Step::Handover && !self.solo && !solo_now).then_some(self.by)
    }

    /// Whether the listener's answers (what they heard, why it makes sense,
    /// how they can care, and their closeness) may be shown: not while Hearth
    /// is used alone (`solo`), when the listener is the hidden partner, nor
    /// while it waits for them ([`Dilemma::waits_for_partner`]): words from
    /// before it was finished alone are still theirs. The one rule for the
    /// flow ([`Dilemma::step_shown`]), the finished view, the summary and
    /// the export.
    pub fn answers_shown(&self, solo: bool) -> bool {
        self.partner().shown(solo) && !self.waits_for_partner(!solo)
    }

    /// The listener's answer at `step` (heard, makes sense, care) as the
    /// summary and the export may show it: "" unless shown at all
    /// ([`Dilemma::answers_shown`]) and given, which is once they have gone
    /// on from that step. Words still being typed are not an answer yet.
    pub fn given_answer(&self, step: Step, solo: bool) -> &str {
        let words = match step {
            Step::Heard => &self.heard,
            Step::MakesSense => &self.makes_sense,
            Step::Care => &self.care,
            _ => "",
        };
        if self.answers_shown(solo) && (self.is_finished() || self.step > step) {
            words
        } else {
            ""
        }
    }

    /// The step the flow shows (`solo_now`: the couple is one partner now).
    /// Alone, one handed to the partner before "Just me for now" waits at
    /// the hand-over, where its speaker may be: the listener's steps hold
    /// the listener's words. [`Dilemma::next`] finishes it there, and the
    /// listener's words stay saved for when they are back.
    pub fn step_shown(&self, solo_now: bool) -> Step {
        if self.step > Step::Handover && !self.answers_shown(solo_now) {
            Step::Handover
        } else {
            self.step
        }
    }

    /// Whether its share has reached the partner: they are answering it,
    /// or it is finished, and it is not one shared alone that still waits
    /// for a partner who joined since (`partner_here`). From then on both
    /// may read it (Journey's timeline, the Markdown export).
    pub fn reached_partner(&self, partner_here: bool) -> bool {
        !self.share.trim().is_empty()
            && !self.waits_for_partner(partner_here)
            && (self.is_finished() || self.step.is_partner_step() || self.step == Step::Closeness)
    }

    /// A conversation finished alone can be opened for the partner's answers
    /// once they are here (and ready): from then on it is a conversation of
    /// two, through the listener's steps and both closeness numbers.
    pub fn open_for_partner(&mut self, ctx: &mut Ctx) -> Result<Step, Vec<FormError>> {
        if !self.waits_for_partner(true) {
            return Err(vec![err(
                "status",
                "This conversation isn\u{2019}t waiting for your partner.",
            )]);
        }
        self.solo = false;
        self.status = Status::InProgress;
        self.step = Step::Heard;
        self.meta.touch(ctx.now);
        Ok(self.step)
    }

    /// "Step 3 of 12": 12 steps together, 8 alone (the handover is the
    /// last). A finished conversation is at its last step. `solo_now`: the
    /// couple is one partner now; up to the handover that decides the count,
    /// as it decides what [`Dilemma::next`] does there (one reached alone
    /// finishes alone even if the partner has joined since).
    pub fn progress(&self, solo_now: bool) -> (usize, usize) {
        let step = self.step_shown(solo_now);
        let alone = match step {
            _ if self.is_finished() => self.solo,
            s if s < Step::Handover => solo_now,
            Step::Handover => self.solo || solo_now,
            _ => self.solo,
        };
        let total = if alone {
            Step::Handover.number()
        } else {
            Step::ALL.len()
        };
        if self.is_finished() {
            (total, total)
        } else {
            (step.number().min(total), total)
        }
    }

    // -- texts filled with the person's own answers ----------------------

    /// The two ways through (step 5): holding back, then reaching out.
    pub fn two_choices(&self) -> (ChoiceSide, ChoiceSide) {
        let mut fears: Vec<String> = self.fears.iter().map(|f| f.yours().to_string()).collect();
        fears.extend(self.fears_own.iter().map(|f| quoted(f)));
        // Own words read best as a list after a colon: "from what you feared: …".
        let fears = match (self.fears.is_empty(), self.fears_own.is_empty()) {
            (_, true) => join_and(&fears),
            _ => format!("what you feared: {}", join_and(&fears)),
        };

        let mut ways: Vec<String> = self
            .protections
            .iter()
            .map(|p| p.label().to_ascii_lowercase())
            .collect();
        ways.extend(self.protections_own.iter().map(|p| quoted(p)));

        let protects = match (ways.is_empty(), fears.is_empty()) {
            (false, false) => format!(
                "{} kept you safe, for now, from {fears}.",
                capitalise(&join_and(&ways))
            ),
            (false, true) => format!(
                "{} kept you safe, for now, from the risk of getting hurt.",
                capitalise(&join_and(&ways))
            ),
            (true, false) => format!("Holding back keeps you safe, for now, from {fears}."),
            (true, true) => {
                "Holding back keeps you safe, for now, from the risk of getting hurt.".to_string()
            }
        };
        let felt: Vec<String> = self
            .feelings
            .iter()
            .map(|k| feelings::label(k).to_string())
            .collect();
        let costs = if felt.is_empty() {
            "You are left with what you feel on your own, and your partner doesn\u{2019}t get the chance to know what you wanted."
                .to_string()
        } else {
            format!(
                "You are left feeling {} on your own, and your partner doesn\u{2019}t get the chance to know what you wanted.",
                join_and(&felt)
            )
        };
        let risks = if fears.is_empty() {
            "Your partner might not respond the way you hope. The risk is real, and taking it is brave."
                .to_string()
        } else {
            let touch = if self.fears_own.is_empty() {
                format!("your fear of {fears}")
            } else {
                fears
            };
            format!(
                "Your partner might not respond the way you hope, and that could touch {touch}. \
                 The risk is real, and taking it is brave."
            )
        };
        let brings = "The closeness you wanted in that moment: being known, and giving your partner \
                      the chance to understand and care for what you fear."
            .to_string();
        (
            ChoiceSide {
                title: "Hold back",
                first_label: "What it protects",
                first: protects,
                second_label: "What it costs",
                second: costs,
            },
            ChoiceSide {
                title: "Reach out",
                first_label: "What it risks",
                first: risks,
                second_label: "What it could bring",
                second: brings,
            },
        )
    }

    /// Step 7's draft: "When …, I felt …. I was afraid …, so I …. What I long
    /// for is …. Would you …?", built from the answers, in the first person,
    /// with no blame in it. Sentences whose answers are missing are left out;
    /// an empty longing or request gets a gentle default the person can edit.
    pub fn compose_share(&self, names: &Names) -> String {
        let keep: Vec<&str> = [names.known(Author::A), names.known(Author::B)]
            .into_iter()
            .flatten()
            .collect();
        let mut parts: Vec<String> = Vec::new();
        parts.push(match names.known(self.partner()) {
            Some(n) => format!(
                "{n}, there\u{2019}s something I held back, and I\u{2019}d like to share it with you."
            ),
            None => {
                "There\u{2019}s something I held back, and I\u{2019}d like to share it with you.".to_string()
            }
        });

        let felt: Vec<String> = self
            .feelings
            .iter()
            .map(|k| feelings::label(k).to_string())
            .collect();
        let moment = self.moment.trim();
        let moment_core = trim_end_punct(strip_prefix_ci(moment, "when ").unwrap_or(moment));
        let one_clause = !moment_core.is_empty()
            && moment_core.chars().count() <= 160
            && !moment_core.contains(['.', '!', '?', '\n']);
        match (moment_core.is_empty(), felt.is_empty()) {
            (true, true) => {}
            (true, false) => parts.push(format!("I felt {}.", join_and(&felt))),
            (false, _) if one_clause => {
                let m = lower_first(moment_core, &keep);
                parts.push(if felt.is_empty() {
                    format!("When {m}, I wanted to feel close to you, and I held back.")
                } else {
                    format!("When {m}, I felt {}.", join_and(&felt))
                });
            }
            (false, _) => {
                parts.push(capitalise(&ensure_end_punct(moment)));
                if !felt.is_empty() {
                    parts.push(format!("In that moment, I felt {}.", join_and(&felt)));
                }
            }
        }

        let mut afraid: Vec<String> = self.fears.iter().map(|f| f.afraid_of().to_string()).collect();
        afraid.extend(self.fears_own.iter().map(|f| own_fear(f, &keep)));
        let mut did: Vec<String> = self.protections.iter().map(|p| p.did().to_string()).collect();
        did.extend(self.protections_own.iter().map(|p| own_protection(p, &keep)));
        match (afraid.is_empty(), did.is_empty()) {
            (true, true) => {}
            (false, true) => parts.push(format!("I was afraid {}.", join_and(&afraid))),
            (true, false) => parts.push(format!("So I {}.", join_and(&did))),
            (false, false) => parts.push(format!(
                "I was afraid {}, so I {}.",
                join_and(&afraid),
                join_and(&did)
            )),
        }

        let longing = clean_clause(&self.longing, &["what i long for is ", "i long for ", "i long "]);
        let longing = if longing.is_empty() {
            "to feel close to you again".to_string()
        } else {
            lower_first(&longing, &keep)
        };
        parts.push(format!("What I long for is {longing}."));

        let request = clean_clause(
            &self.request,
            &["would you ", "could you ", "will you ", "can you "],
        );
        let request = if request.is_empty() {
            "sit with me for a few minutes tonight, just the two of us".to_string()
        } else {
            lower_first(&request, &keep)
        };
        parts.push(format!("Would you {request}?"));
        parts.join(" ")
    }

    /// Whether the share still reads as the answers make it: empty, or word
    /// for word what [`Dilemma::compose_share`] gives. Written the person's
    /// own way, it no longer follows the answers.
    pub fn share_follows(&self, names: &Names) -> bool {
        self.share.trim().is_empty() || self.share == self.compose_share(names)
    }

    /// A written answer, put in place by `set`. On the share's step, a share
    /// that followed the answers is composed again, so what I long for and
    /// the request come in as they are typed; one written by hand is never
    /// overwritten (taking the answers in is then "Rebuild it", the person's
    /// choice). `names` is `None` before the couple has names.
    pub fn answer(&mut self, names: Option<&Names>, set: fn(&mut Dilemma, String), value: String) {
        self.change_answers(names, &mut |d| set(d, value.clone()));
    }

    /// Any answer changed by `change`, on any step: a share that followed
    /// the answers is composed again, so going back to change a feeling or
    /// a fear does not leave the share behind (nor stop it following). An
    /// empty share is composed only on the share's own step.
    pub fn change_answers(&mut self, names: Option<&Names>, change: &mut dyn FnMut(&mut Dilemma)) {
        let follows = names
            .filter(|n| (self.step == Step::Share || !self.share.trim().is_empty()) && self.share_follows(n));
        change(self);
        if let Some(n) = follows {
            self.share = self.compose_share(n);
        }
    }

    /// The words on the handover screen (step 8). Finished alone, it is
    /// shown again once the partner is here: then it speaks to them.
    pub fn handover_text(&self, names: &Names) -> String {
        let me = names.name(self.by);
        if (self.solo || names.b.is_none()) && !self.is_finished() {
            match names.known(self.partner()) {
                Some(p) => format!(
                    "When you are ready, show this to {p}: read it aloud together, or copy it as text. \
                     There is no hurry."
                ),
                None => "When you are ready, show this to your partner: read it aloud together, or copy it \
                         as text. There is no hurry."
                    .to_string(),
            }
        } else {
            let p = names.name(self.partner());
            format!(
                "Hand the device to {p}. {p}, {me} has something to share with you. Read it slowly; \
                 then Hearth will guide your answer. Or come back to it later, together."
            )
        }
    }
}

/// One side of the two ways through (step 5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoiceSide {
    pub title: &'static str,
    /// "What it protects" (hold back) or "What it risks" (reach out).
    pub first_label: &'static str,
    pub first: String,
    /// "What it costs" (hold back) or "What it could bring" (reach out).
    pub second_label: &'static str,
    pub second: String,
}

// ---------------------------------------------------------------------------
// Small text helpers
// ---------------------------------------------------------------------------

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{2032}')
}

/// Lowercase, with every kind of apostrophe made plain.
fn fold(c: char) -> impl Iterator<Item = char> {
    let c = if is_apostrophe(c) { '\'' } else { c };
    super::case::lower(c)
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn quoted(s: &str) -> String {
    format!("\u{201c}{}\u{201d}", s.trim())
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if f == '\u{201c}' => {
            // Keep the quote; capitalise what it opens.
            format!("{f}{}", capitalise(c.as_str()))
        }
        Some(f) => {
            let mut out = String::with_capacity(s.len() + 2);
            super::case::push_upper(&mut out, f);
            out.push_str(c.as_str());
            out
        }
        None => String::new(),
    }
}

/// Strips an ASCII prefix case-insensitively (apostrophes of any kind match
/// a plain one) and returns the rest, trimmed at the start.
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let mut chars = s.chars();
    for p in prefix.chars() {
        let c = chars.next()?;
        let c = if is_apostrophe(c) {
            '\''
        } else {
            c.to_ascii_lowercase()
        };
        if c != p {
            return None;
        }
    }
    Some(chars.as_str().trim_start())
}

fn trim_end_punct(s: &str) -> &str {
    s.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | '!' | '?' | ',' | ';' | ':' | '\u{2026}')
    })
}

fn ensure_end_punct(s: &str) -> String {
    let s = s.trim();
    if s.ends_with(['.', '!', '?', '\u{2026}', '"', '\u{201d}']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

/// Lowercases the first letter so a phrase fits mid-sentence, unless it is
/// "I"/"I'm"/…, a name in `keep`, or looks like an acronym ("TV").
fn lower_first(s: &str, keep: &[&str]) -> String {
    let first_word: String = s
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '!' | '?' | ';' | ':'))
        .next()
        .unwrap_or("")
        .to_string();
    let bare = first_word.split(is_apostrophe).next().unwrap_or("");
    if bare == "I"
        || keep
            .iter()
            .any(|n| !n.is_empty() && (first_word == *n || bare == *n))
    {
        return s.to_string();
    }
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(_), Some(second)) if second.is_uppercase() => s.to_string(),
        (Some(f), _) => {
            let rest = &s[f.len_utf8()..];
            super::case::lower(f).chain(rest.chars()).collect()
        }
        _ => String::new(),
    }
}

/// An answer as a clause: trimmed, a leading lead-in phrase removed, no end punctuation.
fn clean_clause(s: &str, lead_ins: &[&str]) -> String {
    let s = s.trim();
    let s = lead_ins.iter().find_map(|p| strip_prefix_ci(s, p)).unwrap_or(s);
    trim_end_punct(s).to_string()
}

fn first_word_lower(s: &str) -> String {
    s.split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .flat_map(fold)
        .collect()
}

/// An own-words fear after "I was afraid ".
fn own_fear(s: &str, keep: &[&str]) -> String {
    let s = clean_clause(s, &["i was afraid ", "i'm afraid ", "i am afraid ", "afraid "]);
    let s = lower_first(&s, keep);
    let w = first_word_lower(&s);
    if matches!(w.as_str(), "of" | "that" | "to" | "about" | "for") {
        s
    } else if w.len() > 4 && w.ends_with("ing") {
        format!("of {s}")
    } else {
        format!("that {s}")
    }
}

/// An own-words protection after "so I ".
fn own_protection(s: &str, keep: &[&str]) -> String {
    let s = clean_clause(s, &["so i ", "i "]);
    let s = lower_first(&s, keep);
    let w = first_word_lower(&s);
    if w.len() > 4 && w.ends_with("ing") {
        format!("kept {s}")
    } else {
        s
    }
}

// ---------------------------------------------------------------------------
// The blame check
// ---------------------------------------------------------------------------

/// What kind of blaming phrase a hint is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlameKind {
    Always,
    Never,
    NeverListen,
    DontCare,
    Fault,
    MakesMe,
    WrongWithYou,
    /// "You should …", "why can't you …": a complaint dressed as advice or
    /// as a question.
    Should,
    NameCalling,
}

impl BlameKind {
    /// A gentle suggestion, with an I-statement to try instead.
    pub fn suggestion(self) -> &'static str {
        match self {
            BlameKind::Always => {
                "\u{201c}Always\u{201d} can sound like a verdict, and invites a defence instead of listening. \
                 If it\u{2019}s a warm thing, keep it! Otherwise, try one moment: \u{201c}When \u{2026}, I felt \u{2026}\u{201d}"
            }
            BlameKind::Never => {
                "\u{201c}Never\u{201d} can sound like a verdict. Try what you long for: \
                 \u{201c}I would love it if we \u{2026}\u{201d}"
            }
            BlameKind::NeverListen => "Try: \u{201c}I felt unheard when \u{2026}\u{201d}",
            BlameKind::DontCare => "Try: \u{201c}I felt uncared for when \u{2026}, and I long to feel that I matter to you.\u{201d}",
            BlameKind::Fault => {
                "Blame tends to start a defence. Try what happened in you: \u{201c}I felt \u{2026} when \u{2026}\u{201d}"
            }
            BlameKind::MakesMe => {
                "If it\u{2019}s a warm thing, keep it! Otherwise, try owning the feeling: \
                 \u{201c}I feel \u{2026} when \u{2026}\u{201d}"
            }
            BlameKind::WrongWithYou => {
                "Try curiosity instead: \u{201c}I don\u{2019}t understand what happened, and I\u{2019}d like to.\u{201d}"
            }
            BlameKind::Should => {
                "A \u{201c}should\u{201d} or a \u{201c}why can\u{2019}t you\u{201d} tends to land as a complaint. \
                 If it\u{2019}s a warm thing, keep it! Otherwise, try a request: \u{201c}Would you \u{2026}? It would help me feel \u{2026}\u{201d}"
            }
            BlameKind::NameCalling => {
                "A label can close the door between you. Try the feeling underneath: \
                 \u{201c}I felt \u{2026} when \u{2026}\u{201d}"
            }
        }
    }
}

/// A blaming phrase found in a text, with where it is and what to try instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlameHint {
    /// The words as written.
    pub phrase: String,
    /// Byte range in the checked text (for highlighting).
    pub range: std::ops::Range<usize>,
    pub kind: BlameKind,
    pub suggestion: &'static str,
}

/// Phrases, as lowercase words with plain apostrophes. The longest match at
/// a position wins ("you never listen" over "you never").
const PHRASES: &[(&[&str], BlameKind)] = &[
    (&["you", "always"], BlameKind::Always),
    (&["you", "never"], BlameKind::Never),
    (&["you", "never", "listen"], BlameKind::NeverListen),
    (&["you", "never", "listened"], BlameKind::NeverListen),
    (&["you", "don't", "listen"], BlameKind::NeverListen),
    (&["you", "dont", "listen"], BlameKind::NeverListen),
    (&["you", "don't", "care"], BlameKind::DontCare),
    (&["you", "dont", "care"], BlameKind::DontCare),
    (&["you", "don't", "even", "care"], BlameKind::DontCare),
    (&["you", "dont", "even", "care"], BlameKind::DontCare),
    (&["you", "didn't", "care"], BlameKind::DontCare),
    (&["you", "didnt", "care"], BlameKind::DontCare),
    (&["your", "fault"], BlameKind::Fault),
    (&["all", "your", "fault"], BlameKind::Fault),
    (&["it's", "your", "fault"], BlameKind::Fault),
    (&["its", "your", "fault"], BlameKind::Fault),
    (&["it", "is", "your", "fault"], BlameKind::Fault),
    (&["it's", "all", "your", "fault"], BlameKind::Fault),
    (&["you", "make", "me"], BlameKind::MakesMe),
    (&["you", "made", "me"], BlameKind::MakesMe),
    (&["you're", "making", "me"], BlameKind::MakesMe),
    (&["you", "are", "making", "me"], BlameKind::MakesMe),
    (&["because", "of", "you"], BlameKind::MakesMe),
    (&["what's", "wrong", "with", "you"], BlameKind::WrongWithYou),
    (&["whats", "wrong", "with", "you"], BlameKind::WrongWithYou),
    (&["what", "is", "wrong", "with", "you"], BlameKind::WrongWithYou),
    (&["you", "should"], BlameKind::Should),
    (&["you", "shouldn't"], BlameKind::Should),
    (&["you", "shouldnt"], BlameKind::Should),
    (&["why", "can't", "you"], BlameKind::Should),
    (&["why", "cant", "you"], BlameKind::Should),
    (&["why", "don't", "you", "ever"], BlameKind::Should),
    (&["why", "dont", "you", "ever"], BlameKind::Should),
    (&["why", "won't", "you"], BlameKind::Should),
    (&["why", "wont", "you"], BlameKind::Should),
];

/// Words that call a person a name (after "you're", "you are", or "you").
const NAME_WORDS: &[&str] = &[
    "selfish",
    "lazy",
    "stupid",
    "dumb",
    "idiot",
    "moron",
    "useless",
    "pathetic",
    "crazy",
    "psycho",
    "heartless",
    "cruel",
    "narcissist",
    "narcissistic",
    "jerk",
    "childish",
    "immature",
    "hysterical",
    "ridiculous",
    "worthless",
    "worst",
    "liar",
    "loser",
    "inconsiderate",
    "insensitive",
    "clueless",
    "impossible",
    "toxic",
    "needy",
    "dramatic",
    "controlling",
    "nag",
];

/// Words allowed between "you're" and a name ("you're always so selfish").
const FILLERS: &[&str] = &[
    "so",
    "such",
    "a",
    "an",
    "the",
    "being",
    "just",
    "really",
    "always",
    "totally",
    "completely",
    "most",
    "too",
    "very",
    "truly",
    "literally",
    "acting",
    "kind",
    "of",
    "bit",
];

/// "Always" and "never" after these are not about the partner's failings
/// ("thank you always", "I hope you never feel alone").
const SOFTENERS: &[&str] = &["thank", "hope", "if"];

struct Token {
    /// Lowercase, plain apostrophes.
    word: String,
    start: usize,
    end: usize,
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let push = |out: &mut Vec<Token>, s: usize, e: usize| {
        let slice = &text[s..e];
        let trimmed_start = slice.trim_start_matches(is_apostrophe);
        let s = s + (slice.len() - trimmed_start.len());
        let core = trimmed_start.trim_end_matches(is_apostrophe);
        if !core.is_empty() {
            out.push(Token {
                word: core.chars().flat_map(fold).collect(),
                start: s,
                end: s + core.len(),
            });
        }
    };
    for (i, c) in text.char_indices() {
        let word_char = c.is_alphanumeric() || is_apostrophe(c);
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                push(&mut out, s, i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push(&mut out, s, text.len());
    }
    out
}

/// Tokens `i` and `i + 1` are separated by whitespace only.
fn joined(text: &str, toks: &[Token], i: usize) -> bool {
    match (toks.get(i), toks.get(i + 1)) {
        (Some(a), Some(b)) => text[a.end..b.start].chars().all(char::is_whitespace),
        _ => false,
    }
}

fn phrase_at(text: &str, toks: &[Token], i: usize, words: &[&str]) -> bool {
    words.iter().enumerate().all(|(k, w)| {
        toks.get(i + k).is_some_and(|t| t.word == *w) && (k == 0 || joined(text, toks, i + k - 1))
    })
}

/// "you're (so) selfish", "you are being ridiculous", "you idiot": the number
/// of tokens matched.
fn name_calling_at(text: &str, toks: &[Token], i: usize) -> Option<usize> {
    let first = toks.get(i)?.word.as_str();
    let (mut j, bare) = match first {
        "you're" | "youre" => (i + 1, false),
        "you" => match toks.get(i + 1) {
            Some(t) if (t.word == "are" || t.word == "were") && joined(text, toks, i) => (i + 2, false),
            _ => (i + 1, true),
        },
        _ => return None,
    };
    let mut fillers = 0;
    loop {
        let t = toks.get(j)?;
        if !joined(text, toks, j - 1) {
            return None;
        }
        if NAME_WORDS.contains(&t.word.as_str()) {
            return Some(j - i + 1);
        }
        if bare || fillers >= 3 || !FILLERS.contains(&t.word.as_str()) {
            return None;
        }
        fillers += 1;
        j += 1;
    }
}

/// Finds blaming phrases in a share, case-insensitively and with any kind of
/// apostrophe, so the person can be offered an I-statement instead. It never
/// blocks: it is a gentle hint, and a warm "you always make me laugh" may be
/// kept as it is.
///
/// Decided: "you're always …" and "you're never …" are *not* flagged on their
/// own ("you're always welcome", "you're never a burden"), only when a
/// name follows ("you're always so selfish"); "always"/"never" right after
/// "thank", "hope" or "if" are not flagged either. Words like "stupid" are
/// only flagged when aimed at the partner ("I felt stupid" is fine).
pub fn blame_check(text: &str) -> Vec<BlameHint> {
    let toks = tokens(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let mut best: Option<(usize, BlameKind)> = None;
        for (words, kind) in PHRASES {
            if best.is_some_and(|(len, _)| len >= words.len()) || !phrase_at(text, &toks, i, words) {
                continue;
            }
            let softened = matches!(kind, BlameKind::Always | BlameKind::Never | BlameKind::Should)
                && i > 0
                && joined(text, &toks, i - 1)
                && SOFTENERS.contains(&toks[i - 1].word.as_str());
            if !softened {
                best = Some((words.len(), *kind));
            }
        }
        if let Some(len) = name_calling_at(text, &toks, i) {
            if best.is_none_or(|(l, _)| len > l) {
                best = Some((len, BlameKind::NameCalling));
            }
        }
        match best {
            Some((len, kind)) => {
                let range = toks[i].start..toks[i + len - 1].end;
                out.push(BlameHint {
                    phrase: text[range.clone()].to_string(),
                    range,
                    kind,
                    suggestion: kind.suggestion(),
                });
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

// ---------------------------------------------------------------------------
// The couple's cycle
// ---------------------------------------------------------------------------

/// One partner's part in the couple's pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CycleLink {
    pub who: Author,
    /// Their most often named fear.
    pub fear: Fear,
    /// Their most often named way of protecting themselves.
    pub protection: Protection,
    /// How many of their conversations this was drawn from.
    pub conversations: usize,
    /// "When Sam fears rejection, Sam goes quiet", or, for the second
    /// partner in a loop, "and when Alex feels shut out, Alex pushes harder".
    pub text: String,
}

/// The most frequent item; ties go to the one earlier in `order`.
fn most_frequent<T: Copy + PartialEq>(order: &[T], lists: &[&[T]]) -> Option<T> {
    let mut best: Option<(usize, T)> = None;
    for x in order {
        let n = lists.iter().filter(|l| l.contains(x)).count();
        if n > 0 && best.is_none_or(|(m, _)| n > m) {
            best = Some((n, *x));
        }
    }
    best.map(|(_, x)| x)
}

fn pattern_of<'a>(
    items: impl IntoIterator<Item = &'a Dilemma>,
    who: Author,
    partner_here: bool,
) -> Option<(Fear, Protection, usize)> {
    // With a partner here, only what reached them: fears named while getting
    // ready to speak stay the speaker's own until they share (as in
    // Journey). Alone, every honest answer, a "not now" too.
    let mine: Vec<&Dilemma> = items
        .into_iter()
        .filter(|d| {
            !d.meta.deleted
                && d.by == who
                && if partner_here {
                    d.reached_partner(true)
                } else {
                    d.step > Step::Protected || d.status != Status::InProgress
                }
        })
        .collect();
    let fears: Vec<&[Fear]> = mine.iter().map(|d| d.fears.as_slice()).collect();
    let ways: Vec<&[Protection]> = mine.iter().map(|d| d.protections.as_slice()).collect();
    let fear = most_frequent(&Fear::ALL, &fears)?;
    let protection = most_frequent(&Protection::ALL, &ways)?;
    let n = mine
        .iter()
        .filter(|d| !d.fears.is_empty() || !d.protections.is_empty())
        .count();
    Some((fear, protection, n))
}

/// The couple's pattern, from their saved conversations (those shared with
/// the partner; alone, those past step 4):
/// for each partner, the fear and the protection they name most often (ties
/// go to the one listed first in [`Fear::ALL`] / [`Protection::ALL`]). With
/// both partners, A's link comes first and B's is framed as the loop: how
/// A's way of protecting lands on B. Only the named choices count (own words
/// are too varied to tally).
/// (`items`: the conversations, as a `&Records` or any list of them.)
pub fn cycle<'a>(items: impl IntoIterator<Item = &'a Dilemma> + Copy, names: &Names) -> Vec<CycleLink> {
    let here = names.b.is_some();
    let a = pattern_of(items, Author::A, here);
    // Alone after "Just me for now", the hidden partner's answers stay theirs.
    let b = if here {
        pattern_of(items, Author::B, here)
    } else {
        None
    };
    let solo_text = |who: Author, fear: Fear, protection: Protection| {
        let n = names.name(who);
        capitalise(&format!(
            "when {n} fears {}, {n} {}",
            fear.theirs(),
            protection.does()
        ))
    };
    match (a, b) {
        (Some((fa, pa, na)), Some((fb, pb, nb))) => {
            let nb_name = names.name(Author::B);
            vec![
                CycleLink {
                    who: Author::A,
                    fear: fa,
                    protection: pa,
                    conversations: na,
                    text: solo_text(Author::A, fa, pa),
                },
                CycleLink {
                    who: Author::B,
                    fear: fb,
                    protection: pb,
                    conversations: nb,
                    text: format!(
                        "and when {nb_name} feels {}, {nb_name} {}",
                        pa.lands_as(),
                        pb.does()
                    ),
                },
            ]
        }
        (Some((f, p, n)), None) | (None, Some((f, p, n))) => {
            let who = if a.is_some() { Author::A } else { Author::B };
            vec![CycleLink {
                who,
                fear: f,
                protection: p,
                conversations: n,
                text: solo_text(who, f, p),
            }]
        }
        (None, None) => Vec::new(),
    }
}

/// The pattern as one or two sentences, framed as the two of them against
/// the pattern, never as a verdict on either person. `None` without data.
pub fn cycle_sentence<'a>(
    items: impl IntoIterator<Item = &'a Dilemma> + Copy,
    names: &Names,
) -> Option<String> {
    let links = cycle(items, names);
    match links.as_slice() {
        [] => None,
        [one] => {
            let n = names.name(one.who);
            Some(format!(
                "{}. That\u{2019}s a pattern, not who {n} is, and patterns can change when you see them together.",
                one.text
            ))
        }
        [first, second, ..] => {
            let n = names.name(first.who);
            Some(format!(
                "{}, {}, which can stir {n}\u{2019}s fear of {} all over again. \
                 The loop is what you two are up against, not each other.",
                first.text,
                second.text,
                first.fear.theirs()
            ))
        }
    }
}

// ---------------------------------------------------------------------------
// Home: what is waiting
// ---------------------------------------------------------------------------

/// A conversation that could be picked up, for Home's next step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Left part-way: `who` can carry on at `step` (`Both` for the last step).
    Unfinished { who: Author, step: Step },
    /// The share is written and waiting for the partner's answers (from the
    /// handover on, together; "later" at the handover is just `next`).
    PartnerReply { for_whom: Author },
    /// A pause whose time is up.
    PausedReady { step: Step },
    /// "Not now" some days ago or more: offered again, gently.
    NotNowOfferAgain,
}

impl Pending {
    fn rank(self) -> u8 {
        match self {
            Pending::PausedReady { .. } => 0,
            Pending::PartnerReply { .. } => 1,
            Pending::Unfinished { .. } => 2,
            Pending::NotNowOfferAgain => 3,
        }
    }

    /// An invitation for Home, never a reminder of something missed.
    pub fn invitation(self, names: &Names, d: &Dilemma) -> String {
        let (n, total) = d.progress(names.b.is_none());
        match self {
            Pending::Unfinished { who: Author::Both, .. } => {
                "One last step together: how close do you both feel now?".to_string()
            }
            Pending::Unfinished { who, .. } => format!(
                "{}, your conversation is waiting where you left it (step {n} of {total}).",
                names.name(who)
            ),
            Pending::PartnerReply { for_whom } => format!(
                "{}, {} shared something with you. When you\u{2019}re both ready, it\u{2019}s your turn to answer.",
                names.name(for_whom),
                names.name(d.by)
            ),
            Pending::PausedReady { .. } => {
                "The pause can end whenever you\u{2019}re ready. Pick the conversation up again when you both feel able.".to_string()
            }
            Pending::NotNowOfferAgain => format!(
                "{}, you chose \u{201c}not now\u{201d} for this moment a while back. If today feels right, it is still here.",
                names.name(d.by)
            ),
        }
    }
}

/// The conversation most worth picking up now, if any: a finished pause
/// first, then one waiting for the partner, then one left part-way, then a
/// "not now" from at least [`OFFER_AGAIN_AFTER_DAYS`] days ago; among equals,
/// the most recently changed. A pause still running is left alone.
pub fn pending<'a>(
    items: impl IntoIterator<Item = &'a Dilemma>,
    now: DateTime<Utc>,
    solo: bool,
) -> Option<(&'a Dilemma, Pending)> {
    let mut best: Option<(&Dilemma, Pending)> = None;
    for d in items.into_iter().filter(|d| !d.meta.deleted) {
        let p = match d.status {
            // Alone, one handed over before "Just me for now" is its
            // speaker's own, waiting at the hand-over (`step_shown`).
            Status::InProgress => match d.step_shown(solo) {
                s if !solo && (s.is_partner_step() || (s == Step::Handover && !d.solo)) => {
                    Pending::PartnerReply {
                        for_whom: d.partner(),
                    }
                }
                Step::Closeness => Pending::Unfinished {
                    who: Author::Both,
                    step: Step::Closeness,
                },
                step => Pending::Unfinished { who: d.by, step },
            },
            Status::Paused { resume_after } if now >= resume_after => Pending::PausedReady { step: d.step },
            Status::NotNow { since } if now - since >= Duration::days(OFFER_AGAIN_AFTER_DAYS) => {
                Pending::NotNowOfferAgain
            }
            _ => continue,
        };
        let better = match &best {
            None => true,
            Some((b, bp)) => {
                (p.rank(), std::cmp::Reverse(d.meta.updated_at), &d.meta.id)
                    < (bp.rank(), std::cmp::Reverse(b.meta.updated_at), &b.meta.id)
            }
        };
        if better {
            best = Some((d, p));
        }
    }
    best
}

// ---------------------------------------------------------------------------
// The collection
// ---------------------------------------------------------------------------

/// Why a dilemma action could not be done, for a clear message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DilemmaError {
    Form(Vec<FormError>),
    NotFound,
}

/// The conversations, as they live in the document. One that is in progress
/// is its own draft: it is saved as it changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dilemmas {
    #[serde(default)]
    pub items: Records<Dilemma>,
}

impl Dilemmas {
    /// Said once, as a partner joins (`names` with them): what was shared
    /// alone now waits for them in The dilemma. Spoken to the one who wrote
    /// it, who chooses the moment; nothing presses for it afterwards.
    pub fn joined_note(&self, names: &Names) -> Option<String> {
        let b = names.b?;
        let mut waiting = self.live().filter(|d| d.waits_for_partner(true));
        let by = waiting.next()?.by;
        let what = match waiting.count() {
            0 => "what you wrote while on your own is".to_string(),
            more => format!("the {} conversations you wrote while on your own are", more + 1),
        };
        Some(format!(
            "{}, {what} in The dilemma, ready for {b} to hear whenever you choose.",
            names.name(by)
        ))
    }

    /// Live (not deleted) conversations, oldest first.
    pub fn live(&self) -> impl DoubleEndedIterator<Item = &Dilemma> {
        self.items.iter().filter(|d| !d.meta.deleted)
    }

    pub fn get(&self, id: &Id) -> Option<&Dilemma> {
        self.items.iter().find(|d| &d.meta.id == id && !d.meta.deleted)
    }

    /// For the step machine: `next`, `back`, `choose`, `pause`, `resume`
    /// keep `meta.updated_at` themselves.
    pub fn get_mut(&mut self, id: &Id) -> Option<&mut Dilemma> {
        self.items.find_mut(|d| &d.meta.id == id && !d.meta.deleted)
    }

    /// Starts a conversation for `by`, or returns the one they already have
    /// open on their own steps (with the same `reply_to`), to resume it. One
    /// already handed to the partner does not count: it is theirs to answer.
    pub fn start(&mut self, ctx: &mut Ctx, by: Author, solo: bool, reply_to: Option<Id>) -> Id {
        if let Some(d) = self.live().rev().find(|d| {
            d.by == by
                && d.status == Status::InProgress
                && (d.step < Step::Handover || (d.solo && d.step == Step::Handover))
                && d.reply_to == reply_to
        }) {
            return d.meta.id.clone();
        }
        let d = Dilemma::new(ctx, by, solo, reply_to);
        let id = d.meta.id.clone();
        self.items.push(d);
        id
    }

    /// The swap: the partner of conversation `id` begins their own, in reply.
    pub fn swap(&mut self, ctx: &mut Ctx, id: &Id, solo: bool) -> Result<Id, DilemmaError> {
        let by = self.get(id).ok_or(DilemmaError::NotFound)?.partner();
        Ok(self.start(ctx, by, solo, Some(id.clone())))
    }

    /// Conversations begun in reply to `id`.
    pub fn replies_to<'a>(&'a self, id: &'a Id) -> impl Iterator<Item = &'a Dilemma> + 'a {
        self.live().filter(move |d| d.reply_to.as_ref() == Some(id))
    }

    /// Changes the answers (toggles, text, closeness) and marks the change.
    pub fn edit<R>(
        &mut self,
        ctx: &mut Ctx,
        id: &Id,
        f: impl FnOnce(&mut Dilemma) -> R,
    ) -> Result<R, DilemmaError> {
        let d = self.get_mut(id).ok_or(DilemmaError::NotFound)?;
        let r = f(d);
        d.meta.touch(ctx.now);
        Ok(r)
    }

    /// Deletes (as a tombstone, so a merge does not bring it back) or, with
    /// `deleted = false`, undoes that.
    pub fn set_deleted(&mut self, ctx: &mut Ctx, id: &Id, deleted: bool) -> Result<(), DilemmaError> {
        let d = self
            .items
            .find_mut(|d| &d.meta.id == id)
            .ok_or(DilemmaError::NotFound)?;
        d.meta.deleted = deleted;
        d.meta.touch(ctx.now);
        Ok(())
    }

    /// The conversations Hearth shows: live ones, and while it is used
    /// alone (`solo`, after "Just me for now") only the present partner's:
    /// the hidden partner's own stay saved but out of sight, as their
    /// check-in answers do.
    pub fn shown(&self, solo: bool) -> impl DoubleEndedIterator<Item = &Dilemma> {
        self.live().filter(move |d| d.by.shown(solo))
    }

    /// [`pending`] among the conversations [`Dilemmas::shown`].
    pub fn pending(&self, now: DateTime<Utc>, solo: bool) -> Option<(&Dilemma, Pending)> {
        pending(self.shown(solo), now, solo)
    }

    pub fn cycle(&self, names: &Names) -> Vec<CycleLink> {
        cycle(&self.items, names)
    }

    pub fn cycle_sentence(&self, names: &Names) -> Option<String> {
        cycle_sentence(&self.items, names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::Seeded;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    const T0: &str = "2026-04-01T19:00:00Z";

    const NAMES: Names<'static> = Names {
        a: "Sam",
        b: Some("Alex"),
    };

    /// Runs `f` with a context at `now` (ids from a seeded generator).
    fn with_ctx<R>(now: DateTime<Utc>, seed: u64, f: impl FnOnce(&mut Ctx) -> R) -> R {
        let mut rng = Seeded(seed);
        let mut gen = || rng.bytes16();
        let mut ctx = Ctx::new(now, &mut gen);
        f(&mut ctx)
    }

    fn new(by: Author, solo: bool) -> Dilemma {
        with_ctx(t(T0), 1, |ctx| Dilemma::new(ctx, by, solo, None))
    }

    /// Answers steps 1–4 the way Sam might.
    fn answered(by: Author) -> Dilemma {
        let mut d = new(by, false);
        d.moment = "When you came home late on Friday.".into();
        d.toggle_feeling("lonely");
        d.toggle_feeling("hurt");
        d.toggle_fear(Fear::Rejection);
        d.toggle_protection(Protection::GoQuiet);
        d
    }

    fn next(d: &mut Dilemma, solo: bool) -> Result<Step, Vec<FormError>> {
        with_ctx(t(T0), 2, |ctx| d.next(ctx, solo))
    }

    fn fields(r: Result<Step, Vec<FormError>>) -> Vec<&'static str> {
        r.unwrap_err().into_iter().map(|e| e.field).collect()
    }

    // -- the step machine --------------------------------------------------

    #[test]
    fn walks_forward_and_each_empty_step_explains_what_it_needs() {
        let mut d = new(Author::A, false);
        assert_eq!(d.progress(false), (1, 12));
        let errs = next(&mut d, false).unwrap_err();
        assert_eq!(errs[0].field, "moment");
        assert!(errs[0].message.contains("small moment is enough"));
        d.moment = "  you came home late  ".into();
        assert_eq!(next(&mut d, false), Ok(Step::Felt));
        assert_eq!(d.moment, "you came home late", "tidied when the step is left");

        assert_eq!(fields(next(&mut d, false)), vec!["feelings"]);
        d.toggle_feeling("lonely");
        assert_eq!(next(&mut d, false), Ok(Step::Feared));
        assert_eq!(d.progress(false), (3, 12));

        assert_eq!(fields(next(&mut d, false)), vec!["fears"]);
        assert_eq!(d.add_own_fear("looking silly"), Ok(()));
        assert_eq!(next(&mut d, false), Ok(Step::Protected), "own words are enough");

        assert_eq!(fields(next(&mut d, false)), vec!["protections"]);
        d.toggle_protection(Protection::GoQuiet);
        assert_eq!(next(&mut d, false), Ok(Step::TwoChoices));
        assert_eq!(next(&mut d, false), Ok(Step::Choose));

        let errs = next(&mut d, false).unwrap_err();
        assert_eq!(errs[0].field, "choice");
        assert!(errs[0].message.contains("Both are okay"));
        assert_eq!(
            with_ctx(t(T0), 3, |c| d.choose(c, Choice::Pursue)),
            Ok(Step::Share)
        );
        assert_eq!(d.progress(false), (7, 12));

        assert_eq!(fields(next(&mut d, false)), vec!["share"]);
        d.share = d.compose_share(&NAMES);
        assert_eq!(next(&mut d, false), Ok(Step::Handover));
        assert_eq!(d.progress(false), (8, 12));
        assert_eq!(
            next(&mut d, false),
            Ok(Step::Heard),
            "together, the device is handed over"
        );

        assert_eq!(fields(next(&mut d, false)), vec!["heard"]);
        d.heard = "You felt lonely when I came home late.".into();
        assert_eq!(next(&mut d, false), Ok(Step::MakesSense));
        assert_eq!(fields(next(&mut d, false)), vec!["makes_sense"]);
        d.makes_sense = "It makes sense: I didn't even say hello.".into();
        assert_eq!(next(&mut d, false), Ok(Step::Care));
        assert_eq!(fields(next(&mut d, false)), vec!["care"]);
        d.care = "I'll text you when I'm running late.".into();
        assert_eq!(next(&mut d, false), Ok(Step::Closeness));
        assert_eq!(d.progress(false), (12, 12));

        assert_eq!(fields(next(&mut d, false)), vec!["closeness_a", "closeness_b"]);
        assert!(d.set_closeness(Author::A, 0).is_err());
        assert!(d.set_closeness(Author::A, 11).is_err());
        d.set_closeness(Author::A, 7).unwrap();
        assert_eq!(fields(next(&mut d, false)), vec!["closeness_b"]);
        d.set_closeness(Author::B, 8).unwrap();
        assert_eq!(next(&mut d, false), Ok(Step::Closeness));
        assert_eq!(d.status, Status::Finished { at: t(T0) });
        assert_eq!(d.finished_at(), Some(t(T0)));
        assert_eq!(d.progress(false), (12, 12));
        assert_eq!(fields(next(&mut d, false)), vec!["status"]);
    }

    #[test]
    fn words_are_the_speakers_alone_until_the_hand_over() {
        let mut d = answered(Author::B);
        assert_eq!(d.written_alone_by(), Some(Author::B));
        for _ in 0..5 {
            next(&mut d, false).unwrap();
        }
        with_ctx(t(T0), 1, |c| d.choose(c, Choice::Pursue)).unwrap();
        d.share = d.compose_share(&NAMES);
        assert_eq!(d.written_alone_by(), Some(Author::B), "the share is still theirs");
        assert_eq!(next(&mut d, false), Ok(Step::Handover));
        assert_eq!(d.written_alone_by(), None, "handed over: the partner's to read");

        // Set aside with "not now", or paused, before the hand-over: still
        // the speaker's own, behind "I'm Sam: carry on" as any draft.
        let mut set_aside = answered(Author::A);
        for _ in 0..5 {
            next(&mut set_aside, false).unwrap();
        }
        with_ctx(t(T0), 1, |c| set_aside.choose(c, Choice::NotNow)).unwrap();
        assert_eq!(set_aside.written_alone_by(), Some(Author::A), "set aside");
        let mut paused = answered(Author::B);
        paused.pause(t(T0), 20).unwrap();
        assert_eq!(paused.written_alone_by(), Some(Author::B), "paused");
        // Picked up again, it is the choice's step, still the speaker's.
        with_ctx(t(T0), 1, |c| set_aside.resume(c)).unwrap();
        assert_eq!(
            (set_aside.step, set_aside.written_alone_by()),
            (Step::Choose, Some(Author::A))
        );
        // Finished alone at the hand-over: shared, nothing of it waits.
        let mut finished = answered(Author::A);
        finished.step = Step::Handover;
        finished.status = Status::Finished { at: t(T0) };
        assert_eq!(finished.written_alone_by(), None);
    }

    #[test]
    fn back_from_the_listeners_first_answer_stops_at_the_hand_over() {
        let mut d = answered(Author::A);
        d.share = "I missed you.".into();
        d.step = Step::Heard;
        assert_eq!(d.back_is_for(false), None, "the listener's own steps");
        assert_eq!(with_ctx(t(T0), 1, |c| d.back(c, false)), Some(Step::Handover));
        // Past the hand-over is the speaker's: Back there names them.
        assert_eq!(d.back_is_for(false), Some(Author::A));
        for step in [Step::Share, Step::Moment, Step::MakesSense, Step::Closeness] {
            d.step = step;
            assert_eq!(d.back_is_for(false), None, "{step:?}");
        }
        // Alone (shared alone, or the couple one partner now), it is theirs.
        d.step = Step::Handover;
        assert_eq!(d.back_is_for(true), None);
        d.solo = true;
        assert_eq!(d.back_is_for(false), None);
    }

    /// Handed to Alex, then "Just me for now" while Alex was answering:
    /// alone, Sam's conversation waits at the hand-over, Alex's words stay
    /// saved and out of sight, and they are there again for Alex.
    #[test]
    fn alone_the_listeners_words_stay_theirs_and_the_flow_waits_at_the_hand_over() {
        let mut d = answered(Author::A);
        d.share = "I missed you.".into();
        d.step = Step::Handover;
        assert_eq!(next(&mut d, false), Ok(Step::Heard));
        d.heard = "ALEX-HALF".into();
        // Never alone; and alone, the flow stops at the hand-over.
        for step in [
            Step::Share,
            Step::Handover,
            Step::Heard,
            Step::MakesSense,
            Step::Closeness,
        ] {
            let mut x = d.clone();
            x.step = step;
            for solo in [false, true] {
                assert_eq!(x.answers_shown(solo), !solo, "{step:?} {solo}");
                let at = if solo { step.min(Step::Handover) } else { step };
                assert_eq!(x.step_shown(solo), at, "{step:?} {solo}");
            }
        }
        // Alone, the count, Back and the button are the hand-over's.
        for step in [Step::MakesSense, Step::Closeness] {
            let mut x = d.clone();
            x.step = step;
            assert_eq!(x.progress(true), (8, 8));
            assert_eq!(with_ctx(t(T0), 1, |c| x.back(c, true)), Some(Step::Share));
        }
        d.step = Step::Care;
        assert_eq!(next(&mut d, true), Ok(Step::Handover));
        assert!(d.is_finished() && d.solo);
        assert!(!d.answers_shown(true), "alone");
        assert!(!d.answers_shown(false), "it waits for Alex: still theirs");
        assert_eq!(d.heard, "ALEX-HALF", "saved all the same");
        // Alex back: it waits for them, and their words are in their step.
        assert!(d.waits_for_partner(true));
        assert_eq!(with_ctx(t(T0), 1, |c| d.open_for_partner(c)), Ok(Step::Heard));
        assert_eq!(d.step_shown(false), Step::Heard);
        assert_eq!(d.heard, "ALEX-HALF");
        // Alex's own conversation is never shown alone (`Dilemmas::shown`);
        // in it, Sam is the listener, and Sam's answers are Sam's.
        let mut theirs = d.clone();
        theirs.by = Author::B;
        assert!(theirs.answers_shown(true));
    }

    /// Home, alone, for a conversation handed to Alex before "Just me for
    /// now": Sam's own, waiting at the hand-over, never "Alex, Sam shared
    /// something with you".
    #[test]
    fn alone_home_invites_the_speaker_back_to_one_handed_over_before() {
        let mut d = answered(Author::A);
        d.share = "I missed you.".into();
        d.step = Step::Handover;
        assert_eq!(next(&mut d, false), Ok(Step::Heard));
        d.step = Step::MakesSense;
        let now = t(T0);
        let together = Names::new("Sam", Some("Alex"));
        let (_, p) = pending(std::slice::from_ref(&d), now, false).unwrap();
        assert_eq!(p, Pending::PartnerReply { for_whom: Author::B });
        assert!(p
            .invitation(&together, &d)
            .starts_with("Alex, Sam shared something with you"));
        let alone = Names::new("Sam", None);
        let (_, p) = pending(std::slice::from_ref(&d), now, true).unwrap();
        assert_eq!(
            p,
            Pending::Unfinished {
                who: Author::A,
                step: Step::Handover
            }
        );
        assert_eq!(
            p.invitation(&alone, &d),
            "Sam, your conversation is waiting where you left it (step 8 of 8)."
        );
    }

    #[test]
    fn too_long_answers_are_refused_kindly() {
        let mut d = new(Author::A, false);
        d.moment = "x".repeat(MOMENT_MAX + 1);
        let errs = next(&mut d, false).unwrap_err();
        assert_eq!(errs[0].field, "moment");
        assert!(errs[0].message.contains("1,000 characters"));
    }

    #[test]
    fn back_is_always_possible_except_at_the_first_step_and_keeps_answers() {
        let mut d = answered(Author::A);
        assert!(!d.can_go_back());
        assert_eq!(with_ctx(t(T0), 1, |c| d.back(c, false)), None);
        for _ in 0..4 {
            next(&mut d, false).unwrap();
        }
        assert_eq!(d.step, Step::TwoChoices);
        let later = t(T0) + Duration::minutes(5);
        assert_eq!(with_ctx(later, 1, |c| d.back(c, false)), Some(Step::Protected));
        assert_eq!(d.meta.updated_at, later, "a step back is saved as a change");
        assert_eq!(with_ctx(later, 1, |c| d.back(c, false)), Some(Step::Feared));
        assert_eq!(d.fears, vec![Fear::Rejection]);
        assert_eq!(d.protections, vec![Protection::GoQuiet]);

        // From the partner's first answer back to the handover and the share.
        d.step = Step::Heard;
        assert_eq!(with_ctx(later, 1, |c| d.back(c, false)), Some(Step::Handover));
        assert_eq!(with_ctx(later, 1, |c| d.back(c, false)), Some(Step::Share));
        assert_eq!(with_ctx(later, 1, |c| d.back(c, false)), Some(Step::Choose));
    }

    #[test]
    fn resumes_at_the_saved_step_after_a_serde_round_trip() {
        let mut d = answered(Author::B);
        next(&mut d, false).unwrap();
        next(&mut d, false).unwrap();
        assert_eq!(d.step, Step::Feared);
        let json = serde_json::to_string(&Dilemmas {
            items: vec![d.clone()].into(),
        })
        .unwrap();
        let back: Dilemmas = serde_json::from_str(&json).unwrap();
        assert_eq!(back.items[0], d);
        let mut d = back.items[0].clone();
        assert_eq!(d.step, Step::Feared);
        assert_eq!(d.progress(false), (3, 12));
        assert_eq!(next(&mut d, false), Ok(Step::Protected));
    }

    #[test]
    fn an_old_or_minimal_record_still_loads_with_defaults() {
        let d = new(Author::A, false);
        let meta = serde_json::to_value(&d.meta).unwrap();
        let json = serde_json::json!({ "meta": meta, "by": "a", "from_the_future": 1 });
        let d: Dilemma = serde_json::from_value(json).unwrap();
        assert_eq!(d.step, Step::Moment);
        assert_eq!(d.status, Status::InProgress);
        assert!(d.fears.is_empty() && d.share.is_empty() && d.reply_to.is_none());
        let docs: Dilemmas = serde_json::from_str("{}").unwrap();
        assert!(docs.items.is_empty());
    }

    #[test]
    fn status_and_enum_shapes_are_stable() {
        let s = serde_json::to_value(Status::Paused { resume_after: t(T0) }).unwrap();
        assert_eq!(s["kind"], "paused");
        assert_eq!(
            serde_json::to_value(Status::InProgress).unwrap()["kind"],
            "in_progress"
        );
        for f in Fear::ALL {
            assert_eq!(serde_json::to_value(f).unwrap(), f.key());
            assert_eq!(Fear::from_key(f.key()), Some(f));
        }
        for p in Protection::ALL {
            assert_eq!(serde_json::to_value(p).unwrap(), p.key());
            assert_eq!(Protection::from_key(p.key()), Some(p));
        }
        for s in Step::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.key());
            assert_eq!(Step::from_key(s.key()), Some(s));
            assert!(!s.title().is_empty() && !s.hint().is_empty());
        }
        assert_eq!(serde_json::to_value(Choice::NotNow).unwrap(), "not_now");
    }

    #[test]
    fn pause_keeps_the_step_and_resume_returns_to_it() {
        let mut d = answered(Author::A);
        d.step = Step::MakesSense;
        d.heard = "You felt alone.".into();
        let now = t(T0);
        let until = d.pause(now, PAUSE_MINUTES).unwrap();
        assert_eq!(until, now + Duration::minutes(20));
        assert_eq!(d.status, Status::Paused { resume_after: until });
        assert_eq!(fields(next(&mut d, false)), vec!["status"]);
        assert_eq!(with_ctx(now, 1, |c| d.back(c, false)), None, "resume first");
        assert!(d.pause(now, 5).is_err(), "already paused");

        let items = vec![d.clone()];
        assert_eq!(
            pending(&items, now + Duration::minutes(10), false),
            None,
            "no nudge mid-pause"
        );
        assert_eq!(
            pending(&items, until, false).map(|(_, p)| p),
            Some(Pending::PausedReady {
                step: Step::MakesSense
            })
        );

        // Resuming early is fine too.
        assert_eq!(
            with_ctx(now + Duration::minutes(3), 1, |c| d.resume(c)),
            Ok(Step::MakesSense)
        );
        assert_eq!(d.status, Status::InProgress);
        assert_eq!(d.heard, "You felt alone.");

        assert_eq!(d.pause(now, 0).unwrap(), now + Duration::minutes(1));
        with_ctx(now, 1, |c| d.resume(c)).unwrap();
        assert_eq!(d.pause(now, 100_000).unwrap(), now + Duration::days(1));
    }

    #[test]
    fn not_now_is_saved_without_judgement_and_offered_again_after_three_days() {
        let mut d = answered(Author::A);
        for _ in 0..5 {
            next(&mut d, false).unwrap();
        }
        assert_eq!(d.step, Step::Choose);
        let now = t(T0);
        assert_eq!(
            with_ctx(now, 1, |c| d.choose(c, Choice::NotNow)),
            Ok(Step::Choose)
        );
        assert_eq!(d.status, Status::NotNow { since: now });
        assert_eq!(d.choice, Some(Choice::NotNow));
        let errs = next(&mut d, false).unwrap_err();
        assert!(errs[0].message.contains("whenever you like"));

        let items = vec![d.clone()];
        assert_eq!(pending(&items, now + Duration::days(2), false), None);
        let (_, p) = pending(&items, now + Duration::days(3), false).unwrap();
        assert_eq!(p, Pending::NotNowOfferAgain);
        assert!(p
            .invitation(&NAMES, &d)
            .starts_with("Sam, you chose \u{201c}not now\u{201d}"));

        assert_eq!(
            with_ctx(now + Duration::days(3), 1, |c| d.resume(c)),
            Ok(Step::Choose)
        );
        assert_eq!(d.status, Status::InProgress);
        assert_eq!(d.choice, None, "asked afresh");
        assert_eq!(with_ctx(now, 1, |c| d.choose(c, Choice::Pursue)), Ok(Step::Share));
    }

    #[test]
    fn choosing_is_only_offered_once_the_two_ways_are_seen() {
        let mut d = answered(Author::A);
        let r = with_ctx(t(T0), 1, |c| d.choose(c, Choice::Pursue));
        assert_eq!(fields(r), vec!["choice"]);
        assert_eq!(d.step, Step::Moment);
        d.step = Step::TwoChoices;
        assert_eq!(
            with_ctx(t(T0), 1, |c| d.choose(c, Choice::Pursue)),
            Ok(Step::Share)
        );
    }

    #[test]
    fn solo_the_handover_is_shown_when_ready_and_can_be_finished_alone() {
        let mut d = answered(Author::A);
        d.solo = true;
        assert_eq!(d.progress(true), (1, 8));
        for _ in 0..5 {
            next(&mut d, true).unwrap();
        }
        with_ctx(t(T0), 1, |c| d.choose(c, Choice::Pursue)).unwrap();
        d.share = d.compose_share(&Names::new("Sam", None));
        assert_eq!(next(&mut d, true), Ok(Step::Handover));
        assert_eq!(d.progress(false), (8, 8));
        let text = d.handover_text(&Names::new("Sam", None));
        assert!(
            text.starts_with("When you are ready, show this to your partner"),
            "{text}"
        );
        assert!(d
            .handover_text(&NAMES)
            .starts_with("When you are ready, show this to Alex"));

        assert_eq!(next(&mut d, true), Ok(Step::Handover));
        assert!(d.is_finished());
        assert_eq!(d.progress(false), (8, 8));
        assert_eq!(
            pending(std::slice::from_ref(&d), t(T0) + Duration::days(9), false),
            None
        );
        assert!(!d.waits_for_partner(false), "alone still: nobody to wait for");

        // The partner joins later: the same conversation waits for them, with
        // the words the two of them use for the hand-over, and opens for them.
        assert!(d.waits_for_partner(true));
        let mut all = Dilemmas::default();
        all.items.push(d.clone());
        assert_eq!(all.joined_note(&Names::new("Sam", None)), None, "nobody joined");
        assert_eq!(
            all.joined_note(&NAMES).as_deref(),
            Some("Sam, what you wrote while on your own is in The dilemma, ready for Alex to hear whenever you choose.")
        );
        let mut other = d.clone();
        other.meta.id = Id("7".repeat(32));
        all.items.push(other.clone());
        other.meta.id = Id("8".repeat(32));
        other.meta.deleted = true;
        all.items.push(other);
        assert!(all
            .joined_note(&NAMES)
            .is_some_and(|n| n.starts_with("Sam, the 2 conversations you wrote while on your own are in")));
        assert!(
            d.handover_text(&NAMES)
                .starts_with("Hand the device to Alex. Alex, Sam has something to share"),
            "{}",
            d.handover_text(&NAMES)
        );
        assert_eq!(with_ctx(t(T0), 1, |c| d.open_for_partner(c)), Ok(Step::Heard));
        assert!(!d.waits_for_partner(true));
        assert!(!d.solo);
        assert_eq!(d.progress(false), (9, 12));
        assert_eq!(
            pending(std::slice::from_ref(&d), t(T0), false).map(|(_, p)| p),
            Some(Pending::PartnerReply { for_whom: Author::B })
        );
        assert!(with_ctx(t(T0), 1, |c| d.open_for_partner(c)).is_err());

        // From there, the listener's steps and closeness as for two.
        d.heard = "You missed me.".into();
        assert_eq!(next(&mut d, false), Ok(Step::MakesSense));
        d.makes_sense = "I see why.".into();
        assert_eq!(next(&mut d, false), Ok(Step::Care));
        d.care = "I'll put my phone away.".into();
        assert_eq!(next(&mut d, false), Ok(Step::Closeness));
        d.set_closeness(Author::A, 8).unwrap();
        assert_eq!(fields(next(&mut d, false)), vec!["closeness_b"]);
        d.set_closeness(Author::B, 7).unwrap();
        assert_eq!(next(&mut d, false), Ok(Step::Closeness));
        assert!(d.is_finished() && !d.solo);
        assert!(!d.waits_for_partner(true));

        // A merge keeps the newer copy, as for any change: the one opened for
        // the partner over the one finished alone it came from.
        let mut alone = d.clone();
        alone.solo = true;
        alone.step = Step::Handover;
        alone.meta.updated_at = t(T0) - Duration::hours(1);
        use crate::domain::merge::newer;
        assert_eq!((newer(&alone, &d), newer(&d, &alone)), (&d, &d));
    }

    #[test]
    fn at_the_handover_the_button_does_what_its_words_say() {
        // Reached alone or together; since then the partner may have joined
        // (the couple is two now) or the couple may be one.
        for (reached_alone, solo_now) in [(true, false), (true, true), (false, false), (false, true)] {
            let mut d = answered(Author::A);
            d.solo = reached_alone;
            d.step = Step::Handover;
            d.share = "I missed you tonight.".into();
            // The words, as the page shows them (and the progress).
            let names = if solo_now { Names::new("Sam", None) } else { NAMES };
            let says_alone = d
                .handover_text(&names)
                .starts_with("When you are ready, show this to");
            assert_eq!(says_alone, reached_alone || solo_now);
            // The count of steps agrees: this screen is the last of eight
            // when the button finishes.
            assert_eq!(d.progress(solo_now), (8, if says_alone { 8 } else { 12 }));
            // What the button does: finish for now, or the listener's steps.
            let step = next(&mut d, solo_now).unwrap();
            assert_eq!(d.is_finished(), says_alone, "{reached_alone} {solo_now}");
            assert_eq!(step, if says_alone { Step::Handover } else { Step::Heard });
            // Finished alone with the partner here: it waits for them.
            assert_eq!(d.waits_for_partner(!solo_now), says_alone && !solo_now);
        }
        // Before the handover, the couple as it is now.
        let mut d = answered(Author::A);
        d.solo = true;
        d.step = Step::Share;
        d.share = "I missed you tonight.".into();
        // Counted as the couple is now: a partner joined at step 7 of 8.
        assert_eq!(d.progress(false), (7, 12));
        assert_eq!(d.progress(true), (7, 8));
        assert_eq!(next(&mut d, false), Ok(Step::Handover));
        assert!(!d.solo);
        // Past the handover and once finished, as it was stored; alone, one
        // handed over waits at the hand-over (`step_shown`).
        d.step = Step::Heard;
        assert_eq!(d.progress(false), (9, 12));
        assert_eq!(d.progress(true), (8, 8));
        d.status = Status::Finished {
            at: d.meta.updated_at,
        };
        assert_eq!(d.progress(true), (12, 12));
    }

    #[test]
    fn words_typed_in_own_words_are_added_on_continue() {
        let mut d = answered(Author::A);
        d.step = Step::Feared;
        d.fears.clear();
        d.fears_own.clear();
        assert_eq!(d.own_words_field(), Some("fears"));
        assert_eq!(d.add_typed("  that I ask   too much "), Ok(()));
        assert_eq!(d.fears_own, ["that I ask too much"]);
        assert_eq!(
            next(&mut d, false),
            Ok(Step::Protected),
            "they count as the step's answer"
        );
        // Blank, or already there: nothing to add, nothing to say.
        d.step = Step::Feared;
        assert_eq!(d.add_typed(" "), Ok(()));
        assert_eq!(d.add_typed("that I ask too much"), Ok(()));
        assert_eq!(d.fears_own.len(), 1);
        // Too long: the step says so, under its own list.
        let long = "x".repeat(OWN_WORDS_MAX + 1);
        assert_eq!(
            fields(d.add_typed(&long).map(|_| Step::Feared)),
            vec!["fears-own"]
        );
        d.step = Step::Protected;
        assert_eq!(d.own_words_field(), Some("protections"));
        d.protections_own.clear();
        for i in 0..OWN_WORDS_COUNT {
            d.add_typed(&format!("way {i}")).unwrap();
        }
        assert_eq!(
            fields(d.add_typed("one more").map(|_| Step::Protected)),
            vec!["protections-own"]
        );
        // A step without such a list has nothing typed to add.
        d.step = Step::Share;
        assert_eq!(d.own_words_field(), None);
        assert_eq!(d.add_typed("words"), Ok(()));
    }

    #[test]
    fn together_the_handover_names_who_is_next() {
        let d = answered(Author::B);
        let text = d.handover_text(&NAMES);
        assert!(
            text.starts_with("Hand the device to Sam. Sam, Alex has something"),
            "{text}"
        );
    }

    #[test]
    fn progress_counts_every_screen_so_the_listeners_answers_move_it_on() {
        let mut d = new(Author::A, false);
        let numbers: Vec<(usize, usize)> = Step::ALL
            .iter()
            .map(|s| {
                d.step = *s;
                d.progress(false)
            })
            .collect();
        let firsts: Vec<usize> = numbers.iter().map(|p| p.0).collect();
        assert_eq!(firsts, vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        assert!(numbers.iter().all(|p| p.1 == 12));
        // Alone, the handover is the last of eight.
        d.solo = true;
        d.step = Step::Handover;
        assert_eq!(d.progress(false), (8, 8));
    }

    // -- answers ----------------------------------------------------------

    #[test]
    fn answer_lists_toggle_and_own_words_are_tidy() {
        let mut d = new(Author::A, false);
        d.toggle_feeling("lonely");
        d.toggle_feeling("not-a-feeling");
        assert_eq!(d.feelings, vec!["lonely"]);
        d.toggle_feeling("lonely");
        assert!(d.feelings.is_empty());
        d.toggle_fear(Fear::Hurt);
        d.toggle_fear(Fear::Burden);
        d.toggle_fear(Fear::Hurt);
        assert_eq!(d.fears, vec![Fear::Burden]);

        assert_eq!(d.add_own_fear("  looking   silly "), Ok(()));
        assert_eq!(d.add_own_fear("Looking silly"), Err(NotAdded::AlreadyThere));
        assert_eq!(d.add_own_fear("ÊTRE SEUL"), Ok(()));
        assert_eq!(
            d.add_own_fear("être  seul"),
            Err(NotAdded::AlreadyThere),
            "beyond ASCII too"
        );
        assert_eq!(d.add_own_fear("ΦΌΒΟΣ"), Ok(()));
        assert_eq!(
            d.add_own_fear("φόβος"),
            Err(NotAdded::AlreadyThere),
            "a final sigma is still a sigma"
        );
        assert_eq!(d.add_own_fear("   "), Err(NotAdded::Empty));
        assert_eq!(
            d.add_own_fear(&"x".repeat(OWN_WORDS_MAX + 1)),
            Err(NotAdded::TooLong)
        );
        assert_eq!(d.fears_own, vec!["looking silly", "ÊTRE SEUL", "ΦΌΒΟΣ"]);
        for i in 0..OWN_WORDS_COUNT {
            assert_eq!(d.add_own_protection(&format!("way {i}")), Ok(()));
        }
        // Full: a repeat is still named as one; anything new hears the list is full.
        assert_eq!(d.add_own_protection("way 0"), Err(NotAdded::AlreadyThere));
        assert_eq!(d.add_own_protection("way 9"), Err(NotAdded::Full));
        assert!(NotAdded::TooLong.message().contains(&OWN_WORDS_MAX.to_string()));
        assert_eq!(OWN_WORDS_COUNT, 5, "NotAdded::Full says five");
        assert_eq!(d.protections_own.len(), OWN_WORDS_COUNT);
        d.remove_own_protection(0);
        d.remove_own_protection(99);
        assert_eq!(d.protections_own[0], "way 1");
    }

    #[test]
    fn labels_are_distinct_and_our_own() {
        let mut f: Vec<&str> = Fear::ALL.iter().map(|f| f.label()).collect();
        f.sort();
        f.dedup();
        assert_eq!(f.len(), Fear::ALL.len());
        let mut p: Vec<&str> = Protection::ALL.iter().map(|p| p.label()).collect();
        p.sort();
        p.dedup();
        assert_eq!(p.len(), Protection::ALL.len());
        // None of our example texts or labels trip the blame check.
        for s in MOMENT_EXAMPLES
            .iter()
            .chain(LONGING_SUGGESTIONS)
            .chain(REQUEST_SUGGESTIONS)
            .chain(HEARD_PROMPTS)
            .chain(MAKES_SENSE_PROMPTS)
            .chain(CARE_PROMPTS)
        {
            assert!(blame_check(s).is_empty(), "{s}");
        }
    }

    // -- the share --------------------------------------------------------

    #[test]
    fn the_share_is_composed_from_the_answers() {
        let mut d = answered(Author::A);
        d.request = "Would you sit with me after dinner tonight?".into();
        assert_eq!(
            d.compose_share(&NAMES),
            "Alex, there\u{2019}s something I held back, and I\u{2019}d like to share it with you. \
             When you came home late on Friday, I felt lonely and hurt. \
             I was afraid of being turned away, so I went quiet. \
             What I long for is to feel close to you again. \
             Would you sit with me after dinner tonight?"
        );
    }

    #[test]
    fn the_share_weaves_in_own_words_longing_and_names() {
        let mut d = answered(Author::B);
        d.moment = "Sam was cooking and I wanted to hug them".into();
        d.feelings = vec!["let_down".into(), "anxious".into(), "from_a_newer_build".into()];
        d.fears = vec![Fear::NotEnough, Fear::Burden];
        d.fears_own = vec!["looking silly".into(), "Sam would laugh".into()];
        d.protections = vec![Protection::GetBusy];
        d.protections_own = vec!["scrolling on my phone".into(), "I left the room.".into()];
        d.longing = "What I long for is Feeling wanted.".into();
        d.request = "hug me when I come in?".into();
        let s = d.compose_share(&NAMES);
        assert!(s.starts_with("Sam, there\u{2019}s something"), "{s}");
        assert!(
            s.contains("When Sam was cooking and I wanted to hug them, I felt let down, anxious and from_a_newer_build."),
            "{s}"
        );
        assert!(
            s.contains(
                "I was afraid of not being enough for you, of being a burden to you, of looking silly and \
                 that Sam would laugh, so I kept myself busy, kept scrolling on my phone and left the room."
            ),
            "{s}"
        );
        assert!(s.contains("What I long for is feeling wanted."), "{s}");
        // A moment of more than one sentence is kept as written, with a
        // capital to start it.
        d.moment = "you came home late. I wanted to say hello".into();
        let s = d.compose_share(&NAMES);
        assert!(
            s.contains("share it with you. You came home late. I wanted to say hello."),
            "{s}"
        );
        assert!(s.ends_with("Would you hug me when I come in?"), "{s}");
    }

    #[test]
    fn the_share_follows_the_longing_and_request_until_written_by_hand() {
        let mut d = answered(Author::A);
        d.step = Step::Share;
        d.share = d.compose_share(&NAMES);
        assert!(d.share_follows(&NAMES));
        let longing: fn(&mut Dilemma, String) = |x, v| x.longing = v;
        let request: fn(&mut Dilemma, String) = |x, v| x.request = v;
        d.answer(Some(&NAMES), longing, "to laugh together again".into());
        d.answer(Some(&NAMES), request, "walk with me after dinner ".into());
        assert!(
            d.share.ends_with(
                "What I long for is to laugh together again. Would you walk with me after dinner?"
            ),
            "{}",
            d.share
        );
        assert!(d.share_follows(&NAMES));

        // Written by hand: the person's words stay, whatever the fields say.
        d.share = "I missed you tonight.".into();
        assert!(!d.share_follows(&NAMES));
        d.answer(Some(&NAMES), longing, "to feel held".into());
        assert_eq!(d.share, "I missed you tonight.");
        assert_eq!(d.longing, "to feel held");
        // Rebuilt from the answers, it follows them again.
        d.share = d.compose_share(&NAMES);
        assert!(d.share.contains("What I long for is to feel held."));
        assert!(d.share_follows(&NAMES));

        // Emptied, it is composed again; before the share's step (or without
        // names) an answer is only set.
        d.share.clear();
        d.answer(Some(&NAMES), request, "hug me".into());
        assert!(d.share.ends_with("Would you hug me?"), "{}", d.share);
        d.step = Step::Moment;
        d.share.clear();
        d.answer(Some(&NAMES), |x, v| x.moment = v, "at dinner".into());
        assert_eq!((d.moment.as_str(), d.share.as_str()), ("at dinner", ""));
        d.step = Step::Share;
        d.answer(None, longing, "to rest".into());
        assert_eq!((d.longing.as_str(), d.share.as_str()), ("to rest", ""));

        // Back on an earlier step, a feeling changed: a share that followed
        // the answers follows it, and still follows; one written by hand
        // stays as it is.
        d.share = d.compose_share(&NAMES);
        assert!(d.share.contains("hurt"));
        d.step = Step::Felt;
        d.change_answers(Some(&NAMES), &mut |x| x.toggle_feeling("hurt"));
        assert!(
            d.share_follows(&NAMES) && !d.share.contains("hurt"),
            "{}",
            d.share
        );
        d.share = "Mine.".into();
        d.change_answers(Some(&NAMES), &mut |x| x.toggle_feeling("hurt"));
        assert_eq!(d.share, "Mine.");
    }

    #[test]
    fn a_longer_moment_is_kept_as_written() {
        let mut d = answered(Author::A);
        d.moment = "We were on the sofa. I wanted to hold your hand".into();
        let s = d.compose_share(&Names::new("Sam", None));
        assert!(
            s.starts_with(
                "There\u{2019}s something I held back, and I\u{2019}d like to share it with you. \
                 We were on the sofa. I wanted to hold your hand. In that moment, I felt lonely and hurt."
            ),
            "{s}"
        );
        d.moment = "I wanted to say I missed you".into();
        assert!(d
            .compose_share(&NAMES)
            .contains("When I wanted to say I missed you, I felt"));
        d.moment = "TV was on and I wanted to talk".into();
        assert!(d.compose_share(&NAMES).contains("When TV was on"));
    }

    #[test]
    fn a_composed_share_never_trips_the_blame_check() {
        let mut d = answered(Author::A);
        d.fears = Fear::ALL.to_vec();
        d.protections = Protection::ALL.to_vec();
        for f in feelings::FAMILIES {
            for (k, _) in f.words {
                d.feelings = vec![k.to_string()];
                let s = d.compose_share(&NAMES);
                assert!(blame_check(&s).is_empty(), "{s}");
            }
        }
        let (hold, reach) = d.two_choices();
        for text in [hold.first, hold.second, reach.first, reach.second] {
            assert!(blame_check(&text).is_empty(), "{text}");
        }
    }

    #[test]
    fn the_two_choices_use_the_persons_own_answers() {
        let mut d = answered(Author::A);
        let _ = d.add_own_protection("scrolling");
        let _ = d.add_own_fear("looking silly");
        let (hold, reach) = d.two_choices();
        assert_eq!(hold.title, "Hold back");
        assert_eq!(
            (hold.first_label, hold.second_label),
            ("What it protects", "What it costs")
        );
        assert_eq!(
            hold.first,
            "Going quiet and \u{201c}scrolling\u{201d} kept you safe, for now, from what you feared: \
             being turned away and \u{201c}looking silly\u{201d}."
        );
        assert!(hold.second.contains("feeling lonely and hurt"), "{}", hold.second);
        assert_eq!(reach.title, "Reach out");
        assert_eq!(
            (reach.first_label, reach.second_label),
            ("What it risks", "What it could bring")
        );
        assert!(
            reach
                .first
                .contains("touch what you feared: being turned away and"),
            "{}",
            reach.first
        );
        d.fears_own.clear();
        let (hold, reach) = d.two_choices();
        assert!(hold.first.ends_with("from being turned away."), "{}", hold.first);
        assert!(
            reach.first.contains("touch your fear of being turned away."),
            "{}",
            reach.first
        );

        let empty = new(Author::A, false).two_choices();
        assert!(empty.0.first.starts_with("Holding back keeps you safe"));
    }

    // -- the blame check --------------------------------------------------

    fn kinds(text: &str) -> Vec<(String, BlameKind)> {
        blame_check(text)
            .into_iter()
            .map(|h| (h.phrase, h.kind))
            .collect()
    }

    #[test]
    fn blaming_phrases_are_found_with_where_they_are() {
        let text = "Honestly, you never listen to me and YOU ALWAYS leave.";
        let hints = blame_check(text);
        assert_eq!(hints.len(), 2);
        assert_eq!(hints[0].phrase, "you never listen");
        assert_eq!(hints[0].kind, BlameKind::NeverListen);
        assert_eq!(&text[hints[0].range.clone()], "you never listen");
        assert!(hints[0].suggestion.contains("I felt unheard when"));
        assert_eq!(hints[1].phrase, "YOU ALWAYS");
        assert_eq!(hints[1].kind, BlameKind::Always);

        assert_eq!(
            kinds("You never call."),
            vec![("You never".into(), BlameKind::Never)]
        );
        assert_eq!(
            kinds("It's all your fault"),
            vec![("It's all your fault".into(), BlameKind::Fault)]
        );
        assert_eq!(
            kinds("you make me so angry"),
            vec![("you make me".into(), BlameKind::MakesMe)]
        );
        assert_eq!(
            kinds("You don't even care"),
            vec![("You don't even care".into(), BlameKind::DontCare)]
        );
        assert_eq!(
            kinds("what is wrong with you?"),
            vec![("what is wrong with you".into(), BlameKind::WrongWithYou)]
        );
        assert_eq!(
            kinds("I'm sad because of you"),
            vec![("because of you".into(), BlameKind::MakesMe)]
        );
        assert_eq!(
            kinds("You should have called."),
            vec![("You should".into(), BlameKind::Should)]
        );
        assert_eq!(
            kinds("Why can\u{2019}t you just listen?"),
            vec![("Why can\u{2019}t you".into(), BlameKind::Should)]
        );
        assert_eq!(
            kinds("why don't you ever ask"),
            vec![("why don't you ever".into(), BlameKind::Should)]
        );
        // After "if", "hope" or "thank", as for always and never.
        assert_eq!(kinds("Call me if you should need me"), vec![]);
        // A question of care is not a complaint.
        assert_eq!(
            kinds("Why don't you tell me how your day was? I'd love to hear."),
            vec![]
        );
    }

    #[test]
    fn name_calling_is_found_when_aimed_at_the_partner() {
        assert_eq!(
            kinds("you're so selfish"),
            vec![("you're so selfish".into(), BlameKind::NameCalling)]
        );
        assert_eq!(
            kinds("You are always being ridiculous"),
            vec![("You are always being ridiculous".into(), BlameKind::NameCalling)]
        );
        assert_eq!(
            kinds("you idiot"),
            vec![("you idiot".into(), BlameKind::NameCalling)]
        );
        assert_eq!(
            kinds("you're the worst"),
            vec![("you're the worst".into(), BlameKind::NameCalling)]
        );
        for kind_words in [
            "I felt stupid",
            "you're not selfish",
            "you're so kind",
            "you mean a lot to me",
            "Stop being lazy",
        ] {
            assert!(kinds(kind_words).is_empty(), "{kind_words}");
        }
    }

    #[test]
    fn curly_apostrophes_and_multibyte_text_keep_exact_ranges() {
        let text =
            "Caf\u{e9} \u{2014} it\u{2019}s your fault, you\u{2019}re such a jerk; you don\u{2018}t care";
        let hints = blame_check(text);
        let phrases: Vec<&str> = hints.iter().map(|h| &text[h.range.clone()]).collect();
        assert_eq!(
            phrases,
            vec![
                "it\u{2019}s your fault",
                "you\u{2019}re such a jerk",
                "you don\u{2018}t care"
            ]
        );
        assert_eq!(hints[0].phrase, "it\u{2019}s your fault");
        assert_eq!(
            hints.iter().map(|h| h.kind).collect::<Vec<_>>(),
            vec![BlameKind::Fault, BlameKind::NameCalling, BlameKind::DontCare]
        );
        // Quoted words still count; the quotes are not part of the phrase.
        assert_eq!(
            kinds("\u{2018}you never\u{2019}"),
            vec![("you never".into(), BlameKind::Never)]
        );
    }

    #[test]
    fn warm_sentences_are_left_alone() {
        for warm in [
            "you're always welcome here",
            "You\u{2019}re never a burden to me",
            "Thank you always for the tea",
            "I hope you never feel alone",
            "I felt lonely and I long to be close",
            "your faith in me helps",
            "you, always first in my thoughts",
            "",
        ] {
            assert!(kinds(warm).is_empty(), "{warm}: {:?}", kinds(warm));
        }
    }

    #[test]
    fn phrases_split_by_punctuation_or_inside_words_do_not_count() {
        assert!(kinds("Thank you. Always remember it").is_empty());
        assert!(kinds("youth never ends").is_empty());
        assert!(kinds("you nevertheless came").is_empty());
        assert_eq!(
            kinds("you   never\n listen").len(),
            1,
            "any whitespace joins words"
        );
    }

    // -- the cycle --------------------------------------------------------

    /// Past step 4 and shared: the partner is answering it.
    fn shared_one(by: Author, fears: &[Fear], ways: &[Protection], seed: u64) -> Dilemma {
        let mut d = with_ctx(t(T0), seed, |ctx| Dilemma::new(ctx, by, false, None));
        d.fears = fears.to_vec();
        d.protections = ways.to_vec();
        d.share = "I missed you.".into();
        d.step = Step::Heard;
        d
    }

    #[test]
    fn one_partners_pattern_is_a_single_link() {
        let items = vec![
            shared_one(
                Author::A,
                &[Fear::Rejection, Fear::Hurt],
                &[Protection::GoQuiet],
                1,
            ),
            shared_one(
                Author::A,
                &[Fear::Rejection],
                &[Protection::GoQuiet, Protection::GetBusy],
                2,
            ),
        ];
        let links = cycle(&items, &NAMES);
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].who, Author::A);
        assert_eq!(
            (links[0].fear, links[0].protection),
            (Fear::Rejection, Protection::GoQuiet)
        );
        assert_eq!(links[0].conversations, 2);
        assert_eq!(links[0].text, "When Sam fears rejection, Sam goes quiet");
        let s = cycle_sentence(&items, &NAMES).unwrap();
        assert!(s.starts_with(
            "When Sam fears rejection, Sam goes quiet. That\u{2019}s a pattern, not who Sam is"
        ));
    }

    #[test]
    fn both_partners_make_a_loop_framed_as_us_against_it() {
        let items = vec![
            shared_one(Author::A, &[Fear::Rejection], &[Protection::GoQuiet], 1),
            shared_one(Author::B, &[Fear::NotEnough], &[Protection::PushHarder], 2),
        ];
        let links = cycle(&items, &NAMES);
        assert_eq!(links.len(), 2);
        assert_eq!(links[1].who, Author::B);
        assert_eq!(links[1].text, "and when Alex feels shut out, Alex pushes harder");
        assert_eq!(
            cycle_sentence(&items, &NAMES).unwrap(),
            "When Sam fears rejection, Sam goes quiet, and when Alex feels shut out, Alex pushes harder, \
             which can stir Sam\u{2019}s fear of rejection all over again. \
             The loop is what you two are up against, not each other."
        );
        // Only B so far: B's own link.
        let only_b = cycle(&items[1..], &NAMES);
        assert_eq!(
            only_b[0].text,
            "When Alex fears not being enough, Alex pushes harder"
        );
    }

    #[test]
    fn ties_are_broken_by_the_listed_order_whatever_the_input_order() {
        let one = vec![shared_one(
            Author::A,
            &[Fear::Conflict, Fear::Rejection],
            &[Protection::PushHarder, Protection::Withdraw],
            1,
        )];
        let two = vec![
            shared_one(Author::A, &[Fear::Conflict], &[Protection::PushHarder], 1),
            shared_one(Author::A, &[Fear::Rejection], &[Protection::Withdraw], 2),
        ];
        for items in [&one, &two] {
            let l = &cycle(items, &NAMES)[0];
            assert_eq!((l.fear, l.protection), (Fear::Rejection, Protection::Withdraw));
        }
        let mut rev = two.clone();
        rev.reverse();
        assert_eq!(cycle(&rev, &NAMES), cycle(&two, &NAMES));
    }

    #[test]
    fn unfinished_deleted_and_own_words_only_answers_do_not_count() {
        let mut early = shared_one(Author::A, &[Fear::Hurt], &[Protection::Withdraw], 1);
        early.step = Step::Protected; // still choosing
        let mut gone = shared_one(Author::B, &[Fear::Hurt], &[Protection::Withdraw], 2);
        gone.meta.deleted = true;
        let mut own = shared_one(Author::B, &[], &[], 3);
        own.fears_own = vec!["looking silly".into()];
        own.protections_own = vec!["scrolling".into()];
        let items = vec![early, gone, own];
        assert!(cycle(&items, &NAMES).is_empty());
        assert_eq!(cycle_sentence(&items, &NAMES), None);

        // A "not now" is still an honest answer, but the speaker's own: with
        // the partner here it counts once shared; alone, it counts.
        let mut not_now = shared_one(Author::A, &[Fear::Hurt], &[Protection::Withdraw], 4);
        not_now.step = Step::Choose;
        not_now.share.clear();
        not_now.status = Status::NotNow { since: t(T0) };
        assert!(cycle(std::slice::from_ref(&not_now), &NAMES).is_empty());
        assert_eq!(cycle(&[not_now], &Names::new("Sam", None)).len(), 1);
        // Nor one ready to share and not yet handed over.
        let mut ready = shared_one(Author::A, &[Fear::Hurt], &[Protection::Withdraw], 5);
        ready.step = Step::Handover;
        assert!(cycle(std::slice::from_ref(&ready), &NAMES).is_empty());
        ready.step = Step::Heard;
        assert_eq!(cycle(&[ready], &NAMES).len(), 1);
    }

    #[test]
    fn a_missing_partner_name_reads_as_your_partner() {
        let items = vec![shared_one(Author::B, &[Fear::Burden], &[Protection::JokeAway], 1)];
        let l = cycle(&items, &Names::new("Sam", Some(" ")));
        assert_eq!(
            l[0].text,
            "When your partner fears being a burden, your partner jokes it away"
        );
    }

    #[test]
    fn alone_after_just_me_the_hidden_partners_conversations_stay_out_of_sight() {
        let mut all = Dilemmas::default();
        let mine = with_ctx(t(T0), 1, |c| all.start(c, Author::A, false, None));
        let theirs = with_ctx(t(T0), 2, |c| all.start(c, Author::B, false, None));
        let ids = |solo| all.shown(solo).map(|d| d.meta.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(false), vec![mine.clone(), theirs.clone()]);
        assert_eq!(
            ids(true),
            vec![mine.clone()],
            "Alex's words stay saved, and hidden"
        );
        // Alex's unfinished one is what is waiting, together; alone, Sam's.
        all.items[1].meta.touch(t(T0) + Duration::minutes(1));
        assert_eq!(all.pending(t(T0), false).unwrap().0.meta.id, theirs);
        assert_eq!(all.pending(t(T0), true).unwrap().0.meta.id, mine);
        all.items[0].meta.deleted = true;
        assert_eq!(all.pending(t(T0), true), None);

        // Nor do Alex's fears and ways of staying safe make "Our cycle".
        let items = vec![shared_one(Author::B, &[Fear::Burden], &[Protection::JokeAway], 1)];
        assert!(cycle(&items, &Names::new("Sam", None)).is_empty());
        let items = vec![
            shared_one(Author::A, &[Fear::Hurt], &[Protection::Withdraw], 1),
            shared_one(Author::B, &[Fear::Burden], &[Protection::JokeAway], 2),
        ];
        let alone = cycle(&items, &Names::new("Sam", None));
        assert_eq!(alone.len(), 1);
        assert_eq!(alone[0].who, Author::A);
    }

    // -- pending ----------------------------------------------------------

    #[test]
    fn pending_prefers_a_finished_pause_then_the_partner_then_unfinished() {
        let now = t(T0) + Duration::hours(2);
        let mut unfinished = answered(Author::A);
        unfinished.step = Step::Feared;
        let mut closeness = answered(Author::A);
        closeness.step = Step::Closeness;
        closeness.meta.id = Id("1".repeat(32));
        let mut waiting = answered(Author::A);
        waiting.step = Step::Heard;
        waiting.meta.id = Id("2".repeat(32));
        let mut paused = answered(Author::B);
        paused.step = Step::Care;
        paused.meta.id = Id("3".repeat(32));
        paused.pause(t(T0), 20).unwrap();
        let mut done = answered(Author::B);
        done.status = Status::Finished { at: t(T0) };
        let mut deleted = answered(Author::B);
        deleted.step = Step::Heard;
        deleted.meta.deleted = true;

        let all = vec![
            unfinished.clone(),
            waiting.clone(),
            paused.clone(),
            done.clone(),
            deleted.clone(),
        ];
        let (d, p) = pending(&all, now, false).unwrap();
        assert_eq!(p, Pending::PausedReady { step: Step::Care });
        assert_eq!(d.meta.id, paused.meta.id);

        let (_, p) = pending(&all[..2], now, false).unwrap();
        assert_eq!(p, Pending::PartnerReply { for_whom: Author::B });
        assert!(p
            .invitation(&NAMES, &waiting)
            .starts_with("Alex, Sam shared something with you"));

        let (_, p) = pending(&all[..1], now, false).unwrap();
        assert_eq!(
            p,
            Pending::Unfinished {
                who: Author::A,
                step: Step::Feared
            }
        );
        assert_eq!(
            p.invitation(&NAMES, &unfinished),
            "Sam, your conversation is waiting where you left it (step 3 of 12)."
        );
        let (_, p) = pending(std::slice::from_ref(&closeness), now, false).unwrap();
        assert_eq!(
            p,
            Pending::Unfinished {
                who: Author::Both,
                step: Step::Closeness
            }
        );

        assert_eq!(pending(&[done, deleted], now, false), None);
    }

    #[test]
    fn a_share_at_the_handover_waits_for_the_partner_unless_alone() {
        let mut d = answered(Author::A);
        d.step = Step::Handover;
        assert_eq!(
            pending(std::slice::from_ref(&d), t(T0), false).map(|(_, p)| p),
            Some(Pending::PartnerReply { for_whom: Author::B })
        );
        d.solo = true;
        assert_eq!(
            pending(std::slice::from_ref(&d), t(T0), false).map(|(_, p)| p),
            Some(Pending::Unfinished {
                who: Author::A,
                step: Step::Handover
            })
        );

        // Starting again resumes only what is still the holder's to do.
        let mut all = Dilemmas {
            items: vec![d].into(),
        };
        let id = all.items[0].meta.id.clone();
        assert_eq!(with_ctx(t(T0), 9, |c| all.start(c, Author::A, true, None)), id);
        all.items[0].solo = false;
        assert_ne!(with_ctx(t(T0), 9, |c| all.start(c, Author::A, false, None)), id);
        assert_eq!(all.items.len(), 2);
    }

    #[test]
    fn among_equals_the_most_recently_changed_comes_first() {
        let mut older = answered(Author::A);
        older.meta.id = Id("9".repeat(32));
        let mut newer = answered(Author::B);
        newer.meta.id = Id("1".repeat(32));
        newer.meta.touch(t(T0) + Duration::minutes(1));
        let forward = [older.clone(), newer.clone()];
        assert_eq!(pending(&forward, t(T0), false).unwrap().0.by, Author::B);
        let reversed = [newer, older];
        assert_eq!(pending(&reversed, t(T0), false).unwrap().0.by, Author::B);
    }

    // -- the collection ---------------------------------------------------

    #[test]
    fn start_resumes_an_open_conversation_and_swap_replies_to_one() {
        let mut all = Dilemmas::default();
        let id = with_ctx(t(T0), 1, |c| all.start(c, Author::A, false, None));
        let again = with_ctx(t(T0), 2, |c| all.start(c, Author::A, false, None));
        assert_eq!(id, again, "the open one is resumed");
        assert_eq!(all.items.len(), 1);

        let later = t(T0) + Duration::minutes(3);
        with_ctx(later, 3, |c| {
            all.edit(c, &id, |d| d.moment = "you left early".into())
        })
        .unwrap();
        assert_eq!(all.get(&id).unwrap().meta.updated_at, later);

        let reply = with_ctx(later, 4, |c| all.swap(c, &id, false)).unwrap();
        assert_ne!(reply, id);
        let r = all.get(&reply).unwrap();
        assert_eq!((r.by, r.meta.by), (Author::B, Author::B));
        assert_eq!(r.reply_to.as_ref(), Some(&id));
        assert_eq!(all.replies_to(&id).count(), 1);
        assert_eq!(with_ctx(later, 5, |c| all.swap(c, &id, false)).unwrap(), reply);

        with_ctx(later, 6, |c| all.set_deleted(c, &id, true)).unwrap();
        assert!(all.get(&id).is_none());
        assert_eq!(all.live().count(), 1);
        let missing = Id("0".repeat(32));
        assert_eq!(
            with_ctx(later, 7, |c| all.edit(c, &missing, |_| ())),
            Err(DilemmaError::NotFound)
        );
    }

    #[test]
    fn the_step_machine_goes_through_the_collection() {
        let mut all = Dilemmas::default();
        let id = with_ctx(t(T0), 1, |c| all.start(c, Author::B, false, None));
        let d = all.get_mut(&id).unwrap();
        d.moment = "you were on your phone".into();
        let step = with_ctx(t(T0) + Duration::seconds(5), 2, |c| d.next(c, false)).unwrap();
        assert_eq!(step, Step::Felt);
        assert_eq!(
            all.get(&id).unwrap().meta.updated_at,
            t(T0) + Duration::seconds(5)
        );
        assert_eq!(all.get(&id).unwrap().meta.by, Author::B);
    }
}
