//! Answer templates: standard answers staff save once and reuse (e.g. "Danke, wir prüfen
//! das im Rahmen der Umsetzung"). A template is only text to start from; the answer
//! form's own checks still apply to what is sent.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::moderation::MAX_ANSWER_CHARS;

/// The longest title a template may have, in characters.
pub const MAX_TEMPLATE_TITLE_CHARS: usize = 80;

/// How many templates the office may keep (a short list to choose from, not a store).
pub const MAX_TEMPLATES: u32 = 200;

/// A saved answer template.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerTemplate {
    /// Its number, for deleting it.
    pub id: i64,
    /// What staff pick it by.
    pub title: String,
    /// The answer text it puts into the form.
    pub text: String,
    /// Who saved it.
    pub created_by: String,
    /// When (RFC 3339).
    pub created_at: String,
}

/// `POST /api/v1/admin/templates`: a new template.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewTemplate {
    /// What staff pick it by (1 to [`MAX_TEMPLATE_TITLE_CHARS`] characters).
    pub title: String,
    /// The answer text (1 to [`MAX_ANSWER_CHARS`] characters).
    pub text: String,
}

/// Why a template is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateError {
    /// The title is empty, too long or has control characters.
    BadTitle,
    /// The text is empty or too long.
    BadText,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::BadTitle => write!(
                f,
                "Der Titel der Vorlage muss 1 bis {MAX_TEMPLATE_TITLE_CHARS} sichtbare Zeichen \
                 haben, ohne Steuer- und Richtungszeichen."
            ),
            TemplateError::BadText => write!(
                f,
                "Der Text der Vorlage ist leer, zu lang (höchstens {MAX_ANSWER_CHARS} Zeichen) \
                 oder enthält Steuer- oder Richtungszeichen."
            ),
        }
    }
}

/// A template's title and text, trimmed, within their limits (counted in characters).
pub fn check_template(input: &NewTemplate) -> Result<(&str, &str), TemplateError> {
    let title = input.title.trim();
    let n = title.chars().count();
    if n == 0 || n > MAX_TEMPLATE_TITLE_CHARS || !crate::comment::is_publishable_line(title) {
        return Err(TemplateError::BadTitle);
    }
    let text = input.text.trim();
    let n = text.chars().count();
    // A template becomes an answer: the same rules as the answer's text.
    if n == 0 || n > MAX_ANSWER_CHARS || !crate::comment::is_publishable_text(text) {
        return Err(TemplateError::BadText);
    }
    Ok((title, text))
}

/// The answer text after staff pick a template: the template alone in an empty field,
/// else added after what is there (so nothing typed is lost).
pub fn insert_template(current: &str, template: &str) -> String {
    if current.trim().is_empty() {
        template.to_owned()
    } else {
        format!("{}\n\n{template}", current.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn new(title: &str, text: &str) -> NewTemplate {
        NewTemplate {
            title: title.into(),
            text: text.into(),
        }
    }

    #[test]
    fn title_and_text_are_trimmed_and_bounded() {
        assert_eq!(
            check_template(&new("  Dank ", " Danke! ")),
            Ok(("Dank", "Danke!"))
        );
        assert_eq!(check_template(&new(" ", "x")), Err(TemplateError::BadTitle));
        assert_eq!(
            check_template(&new("a\nb", "x")),
            Err(TemplateError::BadTitle)
        );
        let long = "ä".repeat(MAX_TEMPLATE_TITLE_CHARS);
        assert!(check_template(&new(&long, "x")).is_ok());
        assert_eq!(
            check_template(&new(&format!("{long}ä"), "x")),
            Err(TemplateError::BadTitle)
        );
        assert_eq!(
            check_template(&new("t", "\n ")),
            Err(TemplateError::BadText)
        );
        let text = "ß".repeat(MAX_ANSWER_CHARS + 1);
        assert_eq!(
            check_template(&new("t", &text)),
            Err(TemplateError::BadText)
        );
    }

    #[test]
    fn a_template_never_replaces_what_was_typed() {
        assert_eq!(insert_template("", "Danke."), "Danke.");
        assert_eq!(insert_template(" \n", "Danke."), "Danke.");
        assert_eq!(insert_template("Hallo,\n", "Danke."), "Hallo,\n\nDanke.");
    }

    proptest! {
        #[test]
        fn any_input_is_checked_without_panicking(title in any::<String>(), text in any::<String>()) {
            let input = new(&title, &text);
            if let Ok((t, x)) = check_template(&input) {
                prop_assert!(t.chars().count() <= MAX_TEMPLATE_TITLE_CHARS);
                prop_assert!(!x.is_empty());
            }
            let joined = insert_template(&title, &text);
            prop_assert!(joined.ends_with(text.as_str()));
        }
    }
}
