//! A pasted token, checked before any request carries it: an HTTP header
//! carries visible ASCII only, and a token copied from a page or a chat
//! may bring along a zero-width space or a look-alike letter, which would
//! make the browser throw instead of sending. GitHub's tokens are letters,
//! digits and `_`; anything a header cannot carry gets a sentence.

/// Why a pasted token cannot be used, as the sentence shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("The token holds a character a request cannot carry ({name}, character {position}): paste it again without it.")]
    Character { name: String, position: usize },
    #[error("The token is {0} characters long, more than any GitHub token: paste only the token.")]
    TooLong(usize),
}

/// GitHub's tokens are well under this (fine-grained ones are 93).
const MAX_LENGTH: usize = 255;

/// The token as typed, trimmed, when a request can carry it.
pub fn check(typed: &str) -> Result<String, TokenError> {
    let token = typed.trim();
    let length = token.chars().count();
    if length > MAX_LENGTH {
        return Err(TokenError::TooLong(length));
    }
    if let Some((index, c)) = token
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_graphic())
    {
        return Err(TokenError::Character {
            name: describe(c),
            position: index.saturating_add(1),
        });
    }
    Ok(token.to_string())
}

/// A character as a reader can recognise it, even an invisible one.
fn describe(c: char) -> String {
    let code = format!("U+{:04X}", u32::from(c));
    match c {
        '\u{200B}' => format!("{code}, a zero-width space"),
        '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => format!("{code}, an invisible joiner"),
        ' ' | '\u{00A0}' => format!("{code}, a space"),
        c if c.is_control() => format!("{code}, a control character"),
        c => format!("“{c}”, {code}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_a_header_can_carry_is_a_token() {
        let long = "a".repeat(300);
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("ghp_abc123", Ok("ghp_abc123")),
            ("  github_pat_11AB_cd \n", Ok("github_pat_11AB_cd")),
            (
                "ghp_\u{200B}abc",
                Err("U+200B, a zero-width space, character 5"),
            ),
            (
                "ghp_abc\u{FEFF}",
                Err("U+FEFF, an invisible joiner, character 8"),
            ),
            ("ghp_ab c", Err("U+0020, a space, character 7")),
            ("ghp_ab\tc", Err("a control character")),
            ("ghp_аbc", Err("“а”, U+0430, character 5")),
            (&long, Err("300 characters long")),
        ];
        for (typed, expected) in cases {
            match (check(typed), expected) {
                (Ok(token), Ok(want)) => assert_eq!(&token, want),
                (Err(error), Err(words)) => {
                    let sentence = error.to_string();
                    assert!(sentence.contains(words), "{typed:?}: {sentence}");
                }
                (got, want) => panic!("{typed:?}: {got:?}, expected {want:?}"),
            }
        }
    }
}
