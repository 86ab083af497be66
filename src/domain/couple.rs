//! The couple: two partners (or one, for now) and what brings them here.

use serde::{Deserialize, Serialize};

use super::figures::keep_to;
use super::record::{Author, Ctx, Meta};

pub const NAME_MAX: usize = 40;
pub const PRONOUNS_MAX: usize = 24;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pronouns: String,
}

/// What couples most often arrive with (the article's list, in our words).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Struggle {
    Communication,
    Conflict,
    Money,
    Parenting,
    Trust,
    Intimacy,
    NotPrioritised,
    NotAppreciated,
    NotRespected,
    NotUnderstood,
}
super::record::unit_enum_deserialize!(Struggle {
    Communication = "communication",
    Conflict = "conflict",
    Money = "money",
    Parenting = "parenting",
    Trust = "trust",
    Intimacy = "intimacy",
    NotPrioritised = "not_prioritised",
    NotAppreciated = "not_appreciated",
    NotRespected = "not_respected",
    NotUnderstood = "not_understood",
});

impl Struggle {
    pub const ALL: [Struggle; 10] = [
        Struggle::Communication,
        Struggle::Conflict,
        Struggle::Money,
        Struggle::Parenting,
        Struggle::Trust,
        Struggle::Intimacy,
        Struggle::NotPrioritised,
        Struggle::NotAppreciated,
        Struggle::NotRespected,
        Struggle::NotUnderstood,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Struggle::Communication => "Talking and listening",
            Struggle::Conflict => "Arguments that go round in circles",
            Struggle::Money => "Money",
            Struggle::Parenting => "Parenting",
            Struggle::Trust => "Trust",
            Struggle::Intimacy => "Sex and closeness",
            Struggle::NotPrioritised => "Wanting to feel a priority",
            Struggle::NotAppreciated => "Wanting to feel appreciated",
            Struggle::NotRespected => "Wanting to feel respected",
            Struggle::NotUnderstood => "Wanting to feel understood",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Struggle::Communication => "communication",
            Struggle::Conflict => "conflict",
            Struggle::Money => "money",
            Struggle::Parenting => "parenting",
            Struggle::Trust => "trust",
            Struggle::Intimacy => "intimacy",
            Struggle::NotPrioritised => "not_prioritised",
            Struggle::NotAppreciated => "not_appreciated",
            Struggle::NotRespected => "not_respected",
            Struggle::NotUnderstood => "not_understood",
        }
    }
}

/// The couple record. `b` is `None` while one partner uses Hearth alone;
/// the other can join later without anything being lost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Couple {
    pub meta: Meta,
    pub a: Partner,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b: Option<Partner>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub struggles: Vec<Struggle>,
}

/// What the Welcome and Settings forms submit, before it is checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NamesForm {
    pub a_name: String,
    pub a_pronouns: String,
    pub just_me: bool,
    pub b_name: String,
    pub b_pronouns: String,
    pub struggles: Vec<Struggle>,
}

/// A problem with the form, worded for the person filling it in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormError {
    pub field: &'static str,
    pub message: String,
}

impl FormError {
    /// The message a form's errors hold for one field, shown under it.
    pub fn for_field(errors: &[FormError], field: &str) -> Option<String> {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
    }
}

fn clean(s: &str) -> String {
    // Collapse inner runs of whitespace so "  Sam \n" and "Sam" are one name;
    // the invisible spaces (zero width, a word joiner, a stray BOM) count
    // too, so a name that shows nothing is no name. The joiners (ZWJ, ZWNJ)
    // are part of how some names and emoji are written ("Mehr\u{200c}naz",
    // a family emoji): kept inside a word, dropped only at its edges.
    s.split(|c: char| c.is_whitespace() || matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}'))
        .map(|w| w.trim_matches(['\u{200c}', '\u{200d}']))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn check(field: &'static str, value: &str, max: usize, what: &str) -> Result<(), FormError> {
    if value.chars().count() > max {
        return Err(FormError {
            field,
            message: keep_to(what, max),
        });
    }
    Ok(())
}

impl NamesForm {
    /// Checks the form and returns the partners it describes.
    pub fn validate(&self) -> Result<(Partner, Option<Partner>, Vec<Struggle>), Vec<FormError>> {
        let mut errors = Vec::new();
        let a = Partner {
            name: clean(&self.a_name),
            pronouns: clean(&self.a_pronouns),
        };
        if a.name.is_empty() {
            errors.push(FormError {
                field: "a_name",
                message: "Please add your name, so Hearth knows whose turn it is.".into(),
            });
        }
        errors.extend(check("a_name", &a.name, NAME_MAX, "the name").err());
        errors.extend(check("a_pronouns", &a.pronouns, PRONOUNS_MAX, "pronouns").err());
        let b = if self.just_me {
            None
        } else {
            let b = Partner {
                name: clean(&self.b_name),
                pronouns: clean(&self.b_pronouns),
            };
            if b.name.is_empty() {
                errors.push(FormError {
                    field: "b_name",
                    message: "Please add your partner's name, or choose \u{201c}Just me for now\u{201d}."
                        .into(),
                });
            // Capitals aside ("Sam" and "sam"), in ASCII only: Unicode's
            // case tables would cost the wasm more than the rare name needs.
            } else if b.name.eq_ignore_ascii_case(&a.name) && !a.name.is_empty() {
                errors.push(FormError {
                    field: "b_name",
                    message: "The two names look the same. Add an initial so Hearth can tell you apart."
                        .into(),
                });
            }
            errors.extend(check("b_name", &b.name, NAME_MAX, "the name").err());
            errors.extend(check("b_pronouns", &b.pronouns, PRONOUNS_MAX, "pronouns").err());
            Some(b)
        };
        if errors.is_empty() {
            let mut struggles = self.struggles.clone();
            super::order::sort_by(&mut struggles, Ord::cmp);
            struggles.dedup();
            Ok((a, b, struggles))
        } else {
            Err(errors)
        }
    }

    pub fn from_couple(c: &Couple) -> Self {
        NamesForm {
            a_name: c.a.name.clone(),
            a_pronouns: c.a.pronouns.clone(),
            just_me: c.b.is_none(),
            b_name: c.b.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
            b_pronouns: c.b.as_ref().map(|p| p.pronouns.clone()).unwrap_or_default(),
            struggles: c.struggles.clone(),
        }
    }

    /// The form after the saved names changed from `was` to `now` (another
    /// window saved, or a backup was merged) while this one was open: each
    /// field still as it was shown follows the saved one; a field the
    /// person edited keeps their words. So saving the form later never
    /// puts back a name nobody here touched.
    pub fn follow(&self, was: &NamesForm, now: &NamesForm) -> NamesForm {
        use super::follow as pick;
        NamesForm {
            a_name: pick(&self.a_name, &was.a_name, &now.a_name),
            a_pronouns: pick(&self.a_pronouns, &was.a_pronouns, &now.a_pronouns),
            just_me: pick(&self.just_me, &was.just_me, &now.just_me),
            b_name: pick(&self.b_name, &was.b_name, &now.b_name),
            b_pronouns: pick(&self.b_pronouns, &was.b_pronouns, &now.b_pronouns),
            struggles: pick(&self.struggles, &was.struggles, &now.struggles),
        }
    }
}

impl Couple {
    pub fn new(ctx: &mut Ctx, a: Partner, b: Option<Partner>, struggles: Vec<Struggle>) -> Self {
        Couple {
            meta: Meta::new(ctx, Author::Both),
            a,
            b,
            struggles,
        }
    }

    pub fn name_of(&self, who: Author) -> String {
        match who {
            Author::A => self.a.name.clone(),
            Author::B => self
                .b
                .as_ref()
                .map(|p| p.name.clone())
                .unwrap_or_else(|| "your partner".into()),
            Author::Both => self.names(),
        }
    }

    /// How a sentence says `who` in its subject place (`object` false) or
    /// its object place, from the pronouns they gave: "she/her" is she and
    /// her. The first set counts ("she/they": she, her); one Hearth doesn't
    /// know is read as written ("ze/zir"); none, or a single word, is
    /// they and them. Every sentence that uses one is past tense, so the
    /// verb is the same for all.
    pub fn pronoun(&self, who: Author, object: bool) -> String {
        let given = match who {
            Author::A => self.a.pronouns.as_str(),
            Author::B => self.b.as_ref().map_or("", |p| p.pronouns.as_str()),
            Author::Both => "",
        };
        // ASCII only, as the names are compared: Unicode's case tables cost
        // the wasm more than this needs.
        let mut words = given
            .split(|c: char| c == '/' || c == ',' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase);
        let (subject, them) = match (words.next(), words.next()) {
            (Some(s), _) if s == "she" => ("she".into(), "her".into()),
            (Some(s), _) if s == "he" => ("he".into(), "him".into()),
            (Some(s), Some(o)) if s != "they" => (s, o),
            _ => ("they".into(), "them".into()),
        };
        if object {
            them
        } else {
            subject
        }
    }

    /// "Sam & Alex", or just "Sam" when one partner is here alone.
    pub fn names(&self) -> String {
        match &self.b {
            Some(b) => format!("{} & {}", self.a.name, b.name),
            None => self.a.name.clone(),
        }
    }

    pub fn is_solo(&self) -> bool {
        self.b.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(a: &str, b: &str) -> NamesForm {
        NamesForm {
            a_name: a.into(),
            b_name: b.into(),
            ..Default::default()
        }
    }

    #[test]
    fn an_open_form_follows_names_saved_elsewhere_but_keeps_what_was_typed() {
        let was = form("Sam", "Alex");
        let mut now = form("Sam", "Alexis");
        now.struggles = vec![Struggle::Money];
        // Untouched: the form is what is saved now.
        assert_eq!(was.follow(&was, &now), now);
        // Sam's pronouns typed here stay; Alex's new name comes in.
        let mut typed = was.clone();
        typed.a_pronouns = "she/her".into();
        let followed = typed.follow(&was, &now);
        assert_eq!(followed.a_pronouns, "she/her");
        assert_eq!(followed.b_name, "Alexis");
        assert_eq!(followed.struggles, vec![Struggle::Money]);
        // The same field changed in both places: what was typed here wins.
        let mut renamed = was.clone();
        renamed.b_name = "Lex".into();
        assert_eq!(renamed.follow(&was, &now).b_name, "Lex");
    }

    #[test]
    fn names_are_trimmed_and_both_required_unless_just_me() {
        let (a, b, _) = form("  Sam \n", " Alex").validate().unwrap();
        assert_eq!(a.name, "Sam");
        assert_eq!(b.unwrap().name, "Alex");

        let errs = form("Sam", "   ").validate().unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field, "b_name");
        assert_eq!(
            FormError::for_field(&errs, "b_name"),
            Some(errs[0].message.clone())
        );
        assert_eq!(FormError::for_field(&errs, "a_name"), None);
        // A name of invisible characters is no name; one inside a name joins.
        let errs = form("\u{200b}", "Alex").validate().unwrap_err();
        assert_eq!(errs[0].field, "a_name");
        let (a, _, _) = form("Sam\u{feff}", "Alex").validate().unwrap();
        assert_eq!(a.name, "Sam");
        let errs = form("\u{200d}\u{200c}", "Alex").validate().unwrap_err();
        assert_eq!(errs[0].field, "a_name");
        // Joiners inside a name are how it is written: kept as typed.
        for name in [
            "Mehr\u{200c}naz",
            "\u{0dc1}\u{0dca}\u{200d}\u{0dbb}\u{0dd3}",
            "\u{1f469}\u{200d}\u{1f468}",
        ] {
            let (a, _, _) = form(&format!("{name}\u{200d}"), "Alex").validate().unwrap();
            assert_eq!(a.name, name);
        }

        let mut solo = form("Sam", "");
        solo.just_me = true;
        let (_, b, _) = solo.validate().unwrap();
        assert!(b.is_none());
    }

    #[test]
    fn empty_long_and_identical_names_get_clear_messages() {
        let errs = form("", "Alex").validate().unwrap_err();
        assert_eq!(errs[0].field, "a_name");
        assert!(errs[0].message.contains("your name"));

        let long = "x".repeat(NAME_MAX + 1);
        let errs = form(&long, "Alex").validate().unwrap_err();
        assert!(errs[0].message.contains("40 characters"));

        // Told apart by capitals alone, "Sam first / sam first" reads as one.
        for (a, b) in [("Sam", "Sam"), ("Sam", "sam"), ("Élise", "ÉLISE")] {
            let errs = form(a, b).validate().unwrap_err();
            assert_eq!(errs[0].field, "b_name");
            assert!(errs[0].message.contains("look the same"), "{a} / {b}");
        }
        assert!(form("Sam", "Sami").validate().is_ok());
    }

    #[test]
    fn struggles_are_sorted_and_deduplicated() {
        let mut f = form("Sam", "Alex");
        f.struggles = vec![Struggle::Trust, Struggle::Money, Struggle::Trust];
        let (_, _, s) = f.validate().unwrap();
        assert_eq!(s, vec![Struggle::Money, Struggle::Trust]);
    }

    #[test]
    fn struggle_keys_match_their_serde_names() {
        for s in Struggle::ALL {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.key()));
        }
    }

    #[test]
    fn a_partner_is_said_with_the_pronouns_they_gave() {
        let mut c = Couple::new(
            &mut Ctx::new(chrono::DateTime::UNIX_EPOCH, &mut || [7; 16]),
            Partner {
                name: "Sam".into(),
                pronouns: String::new(),
            },
            Some(Partner {
                name: "Alex".into(),
                pronouns: "she/her".into(),
            }),
            Vec::new(),
        );
        let both = |c: &Couple, who| (c.pronoun(who, false), c.pronoun(who, true));
        assert_eq!(both(&c, Author::B), ("she".into(), "her".into()));
        assert_eq!(both(&c, Author::A), ("they".into(), "them".into()), "none given");
        for (given, said) in [
            ("He/Him", ("he", "him")),
            ("he", ("he", "him")),
            ("she / they", ("she", "her")),
            ("they/them", ("they", "them")),
            ("ze/zir", ("ze", "zir")),
            ("any", ("they", "them")),
        ] {
            c.a.pronouns = given.into();
            assert_eq!(both(&c, Author::A), (said.0.into(), said.1.into()), "{given}");
        }
        c.b = None;
        assert_eq!(both(&c, Author::B), ("they".into(), "them".into()), "not here");
    }
}
