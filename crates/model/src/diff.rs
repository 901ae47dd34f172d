//! A word-by-word comparison of two versions of a text, to show citizens what a revision
//! changed.

use serde::{Deserialize, Serialize};

/// One run of words in a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// Words in both versions.
    Same(String),
    /// Words only in the newer version.
    Inserted(String),
    /// Words only in the older version.
    Deleted(String),
}

/// Compares `old` and `new` word by word (white space separates words; punctuation stays
/// with its word) and returns the runs in reading order, neighbouring words of the same kind
/// joined by single spaces. Where words were replaced, the deletion comes first.
pub fn word_diff(old: &str, new: &str) -> Vec<Change> {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    // Longest common subsequence table, filled from the end.
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out: Vec<Change> = Vec::new();
    let mut push = |change: Change| {
        let (kind, word) = match &change {
            Change::Same(w) => (0, w),
            Change::Inserted(w) => (1, w),
            Change::Deleted(w) => (2, w),
        };
        match out.last_mut() {
            Some(Change::Same(run)) if kind == 0 => push_word(run, word),
            Some(Change::Inserted(run)) if kind == 1 => push_word(run, word),
            Some(Change::Deleted(run)) if kind == 2 => push_word(run, word),
            _ => out.push(change),
        }
    };
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            push(Change::Same(a[i].to_owned()));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            push(Change::Deleted(a[i].to_owned()));
            i += 1;
        } else {
            push(Change::Inserted(b[j].to_owned()));
            j += 1;
        }
    }
    out
}

fn push_word(run: &mut String, word: &str) {
    run.push(' ');
    run.push_str(word);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_change_to_leitmotiv_2_is_one_insertion() {
        let old = "um lokale Wirtschaft und neue Wertschöpfungsprozesse zu stärken";
        let new = "um lokale Wirtschaft und neue Wertschöpfungsprozesse sowie \
                   Bildungseinrichtungen zu stärken";
        assert_eq!(
            word_diff(old, new),
            vec![
                Change::Same("um lokale Wirtschaft und neue Wertschöpfungsprozesse".into()),
                Change::Inserted("sowie Bildungseinrichtungen".into()),
                Change::Same("zu stärken".into()),
            ]
        );
    }

    #[test]
    fn replacements_deletions_and_identical_texts() {
        assert_eq!(
            word_diff("Die Stadt prüft", "Die Stadt handelt"),
            vec![
                Change::Same("Die Stadt".into()),
                Change::Deleted("prüft".into()),
                Change::Inserted("handelt".into()),
            ]
        );
        assert_eq!(
            word_diff("a b c", "a c"),
            vec![
                Change::Same("a".into()),
                Change::Deleted("b".into()),
                Change::Same("c".into())
            ]
        );
        assert_eq!(
            word_diff("a  b\nc", "a b c"),
            vec![Change::Same("a b c".into())]
        );
        assert_eq!(word_diff("", "neu"), vec![Change::Inserted("neu".into())]);
    }

    mod properties {
        use super::{word_diff, Change};
        use proptest::prelude::*;

        proptest! {
            /// Any two texts: the old one is the same and deleted words, the new one the
            /// same and inserted words, in order (white space aside).
            #[test]
            fn a_diff_rebuilds_both_texts(old in ".{0,200}", new in ".{0,200}") {
                let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
                let changes = word_diff(&old, &new);
                let side = |keep: fn(&Change) -> Option<&String>| {
                    changes.iter().filter_map(keep).flat_map(|s| words(s)).collect::<Vec<_>>()
                };
                prop_assert_eq!(side(|c| match c { Change::Same(s) | Change::Deleted(s) => Some(s), Change::Inserted(_) => None }), words(&old));
                prop_assert_eq!(side(|c| match c { Change::Same(s) | Change::Inserted(s) => Some(s), Change::Deleted(_) => None }), words(&new));
            }
        }
    }
}
