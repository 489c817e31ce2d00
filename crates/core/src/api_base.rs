//! Where GitHub's REST API lives: api.github.com, a GitHub Enterprise Server
//! (`https://HOST/api/v3`), or a local stand-in in tests and the demo.

/// A validated API base URL without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiBase(String);

/// Why an `api=` value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiBaseError {
    #[error("The API address “{0}” is not usable: give an http(s) URL such as https://github.example.com/api/v3, without ? or #.")]
    Unusable(String),
    /// Plain http reaches only this computer: anything else would carry
    /// the token in clear text, and the page's security policy forbids it.
    #[error("The API address “{0}” uses plain http, which sprintlift allows only for this computer (localhost or 127.0.0.1): use https:// for any other host.")]
    PlainHttp(String),
    /// A host that looks like another (a Cyrillic “і” in “gіthub.com”) must
    /// not be where a token is offered: only its ASCII form shows where it
    /// really goes.
    #[error("The API address “{0}” has letters outside ASCII in its host: write the host's ASCII form (xn--…, as your browser's address bar shows it), so you can see where a token would go.")]
    NonAscii(String),
}

impl ApiBase {
    /// The public GitHub API.
    pub const GITHUB: &'static str = "https://api.github.com";

    pub fn github() -> ApiBase {
        ApiBase(Self::GITHUB.to_string())
    }

    pub fn parse(raw: &str) -> Result<ApiBase, ApiBaseError> {
        let refuse = || ApiBaseError::Unusable(raw.to_string());
        let trimmed = raw.trim().trim_end_matches('/');
        let rest = trimmed
            .strip_prefix("https://")
            .or_else(|| trimmed.strip_prefix("http://"))
            .ok_or_else(refuse)?;
        let host = rest.split('/').next().unwrap_or_default();
        let bad_char = |c: char| c.is_whitespace() || c.is_control() || "?#@\\\"<>".contains(c);
        if host.is_empty() || rest.chars().any(bad_char) {
            return Err(refuse());
        }
        if !host.is_ascii() {
            return Err(ApiBaseError::NonAscii(trimmed.to_string()));
        }
        let name = host.rsplit_once(':').map_or(host, |(name, _)| name);
        let loopback = name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1";
        if trimmed.starts_with("http://") && !loopback {
            return Err(ApiBaseError::PlainHttp(trimmed.to_string()));
        }
        Ok(ApiBase(trimmed.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_github(&self) -> bool {
        self.0 == Self::GITHUB
    }

    /// The web host whose search page reproduces a figure: github.com for the
    /// public API, the server itself for GitHub Enterprise Server. Anything
    /// else (a local stand-in) mirrors github.com's data, so links go there.
    pub fn web_base(&self) -> String {
        match self.0.strip_suffix("/api/v3") {
            Some(server) if !self.is_github() => server.to_string(),
            _ => "https://github.com".to_string(),
        }
    }

    /// GitHub's page for a new token, prefilled for sprintlift with no
    /// scope: public data needs none.
    pub fn new_token_url(&self) -> String {
        format!(
            "{}/settings/tokens/new?description=sprintlift&scopes=",
            self.web_base()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_page_is_prefilled_with_no_scope_on_the_api_s_web_host() {
        assert_eq!(
            ApiBase::github().new_token_url(),
            "https://github.com/settings/tokens/new?description=sprintlift&scopes="
        );
        let server = ApiBase::parse("https://git.example.com/api/v3").expect("api");
        assert_eq!(
            server.new_token_url(),
            "https://git.example.com/settings/tokens/new?description=sprintlift&scopes="
        );
    }

    fn check(raw: &str, expected: Result<(&str, &str), ()>) {
        let got = ApiBase::parse(raw)
            .map(|b| (b.as_str().to_string(), b.web_base()))
            .map_err(|_| ());
        let expected = expected.map(|(a, w)| (a.to_string(), w.to_string()));
        assert_eq!(got, expected, "{raw}");
    }

    #[test]
    fn a_host_is_written_in_ascii() {
        assert!(matches!(
            ApiBase::parse("https://g\u{456}thub.com/api/v3"),
            Err(ApiBaseError::NonAscii(_))
        ));
        assert!(ApiBase::parse("https://xn--gthub-n4a.com/api/v3").is_ok());
        // A path may hold any letter; only the host is where the token goes.
        assert!(ApiBase::parse("https://ghe.example.com/api/v3").is_ok());
    }

    #[test]
    fn plain_http_is_for_this_computer_only() {
        for local in [
            "http://127.0.0.1:8081",
            "http://localhost:9000/api/v3",
            "http://LOCALHOST",
        ] {
            assert!(ApiBase::parse(local).is_ok(), "{local}");
        }
        assert_eq!(
            ApiBase::parse("http://ghe.example.com/api/v3").map_err(|e| e.to_string()),
            Err("The API address “http://ghe.example.com/api/v3” uses plain http, which sprintlift allows only for this computer (localhost or 127.0.0.1): use https:// for any other host.".to_string())
        );
        assert!(matches!(
            ApiBase::parse("http://127.0.0.1.evil.example"),
            Err(ApiBaseError::PlainHttp(_))
        ));
    }

    #[test]
    fn parses_and_maps_to_web_hosts() {
        check(
            "https://api.github.com",
            Ok(("https://api.github.com", "https://github.com")),
        );
        check(
            "https://api.github.com/",
            Ok(("https://api.github.com", "https://github.com")),
        );
        check(
            "https://ghe.example.com/api/v3",
            Ok(("https://ghe.example.com/api/v3", "https://ghe.example.com")),
        );
        check(
            "http://127.0.0.1:8081",
            Ok(("http://127.0.0.1:8081", "https://github.com")),
        );
        check("ftp://example.com", Err(()));
        check("https://", Err(()));
        check("https://evil.example.com?x=1", Err(()));
        check("https://user@evil.example.com", Err(()));
        check("javascript:alert(1)", Err(()));
    }
}
