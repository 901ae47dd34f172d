//! Staff account names and passwords: what the server accepts when an account is made, a
//! password changed or someone signs in.
//!
//! A name is what the audit trail shows as who did something, so no name may pass for
//! another: names are kept in Unicode NFKC (`ａｍｔ` is `amt`), refused when they hide
//! characters or mix scripts (Cyrillic `а` in `аmt`), and unique by their confusable
//! skeleton without regard to case (UTS #39: `AMT`, `amt` and Cyrillic `амт` are one name).
//! A password follows NIST SP 800-63B: long enough, no composition rules, and not one that
//! is common or follows a pattern a guesser tries first (zxcvbn's lists and patterns).
//!
//! Only the server needs this (feature `accounts`): the tables behind it stay out of the
//! browser's bundle.

use unicode_normalization::UnicodeNormalization;
use unicode_security::MixedScript;

use crate::api::LoginInput;
use crate::moderation::{
    StaffInputError, MAX_PASSWORD_CHARS, MAX_STAFF_NAME_CHARS, MIN_PASSWORD_CHARS,
};

/// Words a guesser tries first on a German town's office, beside zxcvbn's own (English)
/// lists: the most used German passwords (HPI's yearly lists) and the obvious words of this
/// place.
const LOCAL_WORDS: &[&str] = &[
    "passwort",
    "kennwort",
    "hallo",
    "ichliebedich",
    "schatz",
    "fussball",
    "schalke",
    "sommer",
    "winter",
    "geheim",
    "willkommen",
    "mitreden",
    "verwaltung",
    "rathaus",
    "stadt",
    "gemeinde",
    "buergerbeteiligung",
    "digitalisierung",
    "strategie",
    "moderation",
    "kiosk",
];

/// NFKC, with every run of white space one space and none at either end (`Amt  X` would
/// look like `Amt X` in a list).
fn kept_form(name: &str) -> String {
    let nfkc: String = name.nfkc().collect();
    nfkc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A staff name as it is kept: trimmed, NFKC, 1 to [`MAX_STAFF_NAME_CHARS`] characters,
/// nothing hidden, one script.
pub fn staff_name(name: &str) -> Result<String, StaffInputError> {
    // Bound the work before normalising: NFKC can only grow a name by a small factor.
    if name.chars().nth(MAX_STAFF_NAME_CHARS * 4).is_some() {
        return Err(StaffInputError::BadName);
    }
    let name = kept_form(name);
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_STAFF_NAME_CHARS {
        return Err(StaffInputError::BadName);
    }
    let hidden = name.chars().any(|c| {
        c.is_control()
            || crate::comment::is_bidi_control(c)
            || (c != ' ' && crate::comment::is_invisible(c))
    });
    if hidden || !name.as_str().is_single_script() {
        return Err(StaffInputError::NameDeceptive);
    }
    Ok(name)
}

/// What two names must not share: the confusable skeleton (UTS #39) of the NFKC form in
/// small letters, and in capitals. `AMT`, `amt`, `ａｍｔ`, `amt1`/`amtl` and Cyrillic `АМТ`
/// share one.
///
/// Both cases, because a skeleton keeps case and look-alikes differ by case: Cyrillic `М`
/// looks like `M` but `м` not like `m`; capital `I` is a small `l`, small `i` is not.
pub fn staff_name_keys(name: &str) -> [String; 2] {
    let nfkc = kept_form(name);
    [nfkc.to_lowercase(), nfkc.to_uppercase()].map(|s| unicode_security::skeleton(&s).collect())
}

/// Whether two staff names are one account's name (see [`staff_name_keys`]).
pub fn same_staff_name(a: &str, b: &str) -> bool {
    let (a, b) = (staff_name_keys(a), staff_name_keys(b));
    a[0] == b[0] || a[1] == b[1]
}

/// A new password for the account `name`: [`MIN_PASSWORD_CHARS`] to [`MAX_PASSWORD_CHARS`]
/// characters, no control characters, and not easy to guess (zxcvbn's score 3 of 4, with
/// the account's name and [`LOCAL_WORDS`] as words it knows).
pub fn check_new_password(password: &str, name: &str) -> Result<(), StaffInputError> {
    match password.chars().count() {
        n if n < MIN_PASSWORD_CHARS => return Err(StaffInputError::PasswordTooShort),
        n if n > MAX_PASSWORD_CHARS => return Err(StaffInputError::PasswordTooLong),
        _ => {}
    }
    if password.chars().any(char::is_control) {
        return Err(StaffInputError::PasswordUnreadable);
    }
    let mut known: Vec<&str> = LOCAL_WORDS.to_vec();
    known.push(name);
    known.extend(name.split_whitespace());
    // zxcvbn reads the first 100 characters (what a guesser's patterns find is there).
    if zxcvbn::zxcvbn(password, &known).score() < zxcvbn::Score::Three {
        return Err(StaffInputError::PasswordCommon);
    }
    Ok(())
}

/// A sign-in's name: as typed (trimmed), and in the form names are kept in now. An account
/// made before names were kept so (or before the stricter rules for new names) is found by
/// the first; every other by the second.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginName {
    /// Trimmed, as typed.
    pub typed: String,
    /// As [`staff_name`] keeps names (without its rules for new names).
    pub kept: String,
}

/// A sign-in: a name of bounded length without control characters (the rules for new
/// names are not asked: an older account must still get in) and a password of bounded
/// length.
pub fn check_login(input: &LoginInput) -> Result<LoginName, StaffInputError> {
    if input.password.chars().nth(MAX_PASSWORD_CHARS).is_some() {
        return Err(StaffInputError::PasswordTooLong);
    }
    let typed = input.name.trim();
    if typed.is_empty()
        || typed.chars().nth(MAX_STAFF_NAME_CHARS * 4).is_some()
        || typed.chars().any(char::is_control)
    {
        return Err(StaffInputError::BadName);
    }
    Ok(LoginName {
        typed: typed.to_owned(),
        kept: kept_form(typed),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn no_name_passes_for_another() {
        for bad in [
            "amt\u{200b}",
            "a\u{2060}mt",
            "\u{0430}mt",
            "amt\u{202e}",
            "Ϲhris",
            "\u{2800}",
            "a\u{0}b",
        ] {
            assert_eq!(
                staff_name(bad),
                Err(StaffInputError::NameDeceptive),
                "{bad:?}"
            );
        }
        for bad in ["", "   ", &"n".repeat(MAX_STAFF_NAME_CHARS + 1)] {
            assert_eq!(staff_name(bad), Err(StaffInputError::BadName), "{bad:?}");
        }
        for good in [
            "amt",
            "Amt Digitalisierung",
            "Jürgen Ölmann",
            "Ирина",
            "Σοφία",
            "amt-2",
            "山田 太郎",
        ] {
            assert_eq!(staff_name(good).as_deref(), Ok(good), "{good:?}");
        }
        // Kept in NFKC: full-width letters and a composed umlaut typed as two characters.
        assert_eq!(staff_name(" ａｍｔ ").as_deref(), Ok("amt"));
        assert_eq!(staff_name("Ju\u{0308}rgen").as_deref(), Ok("Jürgen"));
        assert_eq!(staff_name("Amt  X").as_deref(), Ok("Amt X"));
    }

    #[test]
    fn names_that_look_alike_are_one_name() {
        for (a, b) in [
            ("AMT", "amt"),
            ("Jürgen", "JÜRGEN"),
            ("ａｍｔ", "amt"),
            ("\u{0410}\u{041c}\u{0422}", "amt"), // Cyrillic АМТ
            ("Ju\u{0308}rgen", "jürgen"),
            ("amt1", "amtl"),
            ("MONI", "moni"),
            ("Amt  X", "amt x"),
            ("\u{041c}\u{041e}NI", "moni"), // Cyrillic МО
        ] {
            assert!(same_staff_name(a, b), "{a:?} {b:?}");
        }
        assert!(!same_staff_name("amt", "amt2"));
        assert!(!same_staff_name("Jürgen", "Jurgen2"));
    }

    #[test]
    fn passwords_are_long_printable_and_not_common() {
        assert_eq!(
            check_new_password("kurz", "amt"),
            Err(StaffInputError::PasswordTooShort)
        );
        assert_eq!(
            check_new_password(&"ä".repeat(MIN_PASSWORD_CHARS - 1), "amt"),
            Err(StaffInputError::PasswordTooShort)
        );
        assert_eq!(
            check_new_password(&"a".repeat(MAX_PASSWORD_CHARS + 1), "amt"),
            Err(StaffInputError::PasswordTooLong)
        );
        assert_eq!(
            check_new_password("ein-langes\u{0}passwort", "amt"),
            Err(StaffInputError::PasswordUnreadable)
        );
        for common in [
            "passwort1234",
            "123456789012",
            "qwertzuiopas",
            "hallohallo12",
            "passwordpassword",
            "ichliebedich12",
            "Verwaltung2026",
            "amtamtamtamt",
            "Moderator2026",
        ] {
            assert_eq!(
                check_new_password(common, "moderator"),
                Err(StaffInputError::PasswordCommon),
                "{common:?}"
            );
        }
        for good in [
            "ein-langes-passwort",
            "Rathaus-Kiosk-Morgen",
            "korrekt Pferd Batterie Heftklammer",
            "Zwölf Boxkämpfer jagen Viktor",
        ] {
            assert_eq!(check_new_password(good, "amt"), Ok(()), "{good:?}");
        }
    }

    #[test]
    fn a_sign_in_reads_the_name_as_it_is_kept() {
        let login = |name: &str, password: &str| {
            check_login(&LoginInput {
                name: name.into(),
                password: password.into(),
            })
        };
        let name = |typed: &str, kept: &str| {
            Ok(LoginName {
                typed: typed.into(),
                kept: kept.into(),
            })
        };
        assert_eq!(login(" ａｍｔ ", "x"), name("ａｍｔ", "amt"));
        // An older account's name that the rules for new names would refuse still signs in.
        assert_eq!(login("Ϲhris", "x").map(|n| n.typed), Ok("Ϲhris".to_owned()));
        assert_eq!(login("a\u{0}b", "x"), Err(StaffInputError::BadName));
        assert_eq!(
            login(&"n".repeat(1_500_000), "x"),
            Err(StaffInputError::BadName)
        );
        assert_eq!(
            login("amt", &"p".repeat(MAX_PASSWORD_CHARS + 1)),
            Err(StaffInputError::PasswordTooLong)
        );
    }

    proptest! {
        /// Arbitrary Unicode as names and passwords: a result, never a panic.
        #[test]
        fn any_name_and_password_is_checked(name in any::<String>(), password in any::<String>()) {
            let _ = staff_name(&name);
            let _ = staff_name_keys(&name);
            let _ = check_new_password(&password, &name);
            let _ = check_login(&LoginInput { name, password });
        }
    }
}
