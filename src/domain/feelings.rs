//! A vocabulary for what we feel, in families, for the moments when a person
//! "doesn't know what they feel". Shared by the check-in and (later) the
//! dilemma flow. Saved as stable keys, so wording can change freely.

/// A family of related feelings: a name a person can recognise first, then
/// the words inside it.
pub struct Family {
    pub key: &'static str,
    pub name: &'static str,
    pub words: &'static [(&'static str, &'static str)],
}

pub const FAMILIES: &[Family] = &[
    Family {
        key: "hurt",
        name: "Hurt",
        words: &[
            ("hurt", "hurt"),
            ("rejected", "rejected"),
            ("let_down", "let down"),
            ("disappointed", "disappointed"),
        ],
    },
    Family {
        key: "lonely",
        name: "Lonely",
        words: &[
            ("lonely", "lonely"),
            ("distant", "distant"),
            ("unseen", "unseen"),
            ("left_out", "left out"),
        ],
    },
    Family {
        key: "anxious",
        name: "Anxious",
        words: &[
            ("anxious", "anxious"),
            ("worried", "worried"),
            ("insecure", "insecure"),
            ("overwhelmed", "overwhelmed"),
        ],
    },
    Family {
        key: "frustrated",
        name: "Frustrated",
        words: &[
            ("frustrated", "frustrated"),
            ("irritated", "irritated"),
            ("resentful", "resentful"),
            ("impatient", "impatient"),
        ],
    },
    Family {
        key: "low",
        name: "Low",
        words: &[
            ("sad", "sad"),
            ("numb", "numb"),
            ("tired", "tired"),
            ("discouraged", "discouraged"),
        ],
    },
    Family {
        key: "hopeful",
        name: "Hopeful",
        words: &[
            ("hopeful", "hopeful"),
            ("curious", "curious"),
            ("relieved", "relieved"),
            ("calm", "calm"),
        ],
    },
    Family {
        key: "grateful",
        name: "Grateful",
        words: &[
            ("grateful", "grateful"),
            ("appreciated", "appreciated"),
            ("proud", "proud"),
            ("content", "content"),
        ],
    },
    Family {
        key: "close",
        name: "Close",
        words: &[
            ("close", "close"),
            ("loved", "loved"),
            ("safe", "safe"),
            ("playful", "playful"),
            ("tender", "tender"),
        ],
    },
];

/// The label for a saved feeling key; unknown keys (from a newer build or an
/// import) are shown as they are rather than dropped.
pub fn label(key: &str) -> &str {
    FAMILIES
        .iter()
        .flat_map(|f| f.words.iter())
        .find(|(k, _)| *k == key)
        .map(|(_, l)| *l)
        .unwrap_or(key)
}

pub fn is_known(key: &str) -> bool {
    FAMILIES
        .iter()
        .flat_map(|f| f.words.iter())
        .any(|(k, _)| *k == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_dozen_unique_words_in_families() {
        let keys: Vec<&str> = FAMILIES
            .iter()
            .flat_map(|f| f.words.iter().map(|(k, _)| *k))
            .collect();
        assert!(keys.len() >= 30, "{} words", keys.len());
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), keys.len(), "keys are unique");
        assert!(FAMILIES.len() >= 6);
        assert_eq!(label("let_down"), "let down");
        assert_eq!(label("from-the-future"), "from-the-future");
        assert!(is_known("numb") && !is_known("nope"));
    }
}
