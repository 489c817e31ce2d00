//! The page's side of a baked site: fetches `baked/index.json` beside the
//! page and the baked answers of the view shown, and hands them to the
//! core, which says what they mean. A site without baked views costs one
//! small request to the site itself, never to GitHub.

use gloo_net::http::Request;
use jiff::Timestamp;
use sprintlift_core::baked_answers::{BakedAnswers, Replay};
use sprintlift_core::baked_site::{
    answers_from_response, index_from_response, BakedFileError, IndexError, INDEX_PATH,
};
use sprintlift_core::view_state::DataView;

/// A view's baked answers, ready to replay.
pub struct BakedView {
    pub answers: BakedAnswers,
    pub replay: Replay,
    /// When it was baked (a parsed index always says).
    pub baked_at: Option<Timestamp>,
    /// The view's SVG card, relative to the site's root.
    pub card: Option<String>,
}

/// Why the site's baked files could not be used; the page then loads live.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SiteError {
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(transparent)]
    Answers(#[from] BakedFileError),
}

/// Status and text of a file of this site, by path relative to the page.
async fn get(path: &str) -> Result<(u16, String), String> {
    let response = Request::get(path).send().await.map_err(|e| e.to_string())?;
    let status = response.status();
    let body = response.text().await.map_err(|e| e.to_string())?;
    Ok((status, body))
}

/// The baked answers of `view` on this site, if it has them.
pub async fn find(view: &DataView) -> Result<Option<BakedView>, SiteError> {
    let (status, body) = get(INDEX_PATH)
        .await
        .map_err(|e| SiteError::Index(IndexError::Unreadable(e)))?;
    let Some(index) = index_from_response(status, &body)? else {
        return Ok(None);
    };
    let Some(entry) = index.find_at(view, crate::loader::now())? else {
        return Ok(None);
    };
    let (status, body) = get(&entry.answers)
        .await
        .map_err(|e| SiteError::Answers(BakedFileError::Fetch(e)))?;
    let answers = answers_from_response(status, &body, view)?;
    let replay = answers
        .replay_at(crate::loader::now())
        .map_err(|e| SiteError::Answers(BakedFileError::Broken(e)))?;
    Ok(Some(BakedView {
        answers,
        replay,
        baked_at: entry.baked_at(),
        card: entry.card.clone(),
    }))
}
