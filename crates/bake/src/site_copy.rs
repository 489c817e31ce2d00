//! `--site DIST`: the built app copied into the output first, so one
//! command makes the whole static site. Files of an earlier build are
//! replaced; the output's `baked/` is kept (the build's own is an empty
//! list of baked views).

use sprintlift_core::baked_site::INDEX_PATH;
use std::path::Path;

/// Why the build could not be copied, as a sentence.
#[derive(Debug, thiserror::Error)]
#[error("Could not copy the built site: {path}: {source}")]
pub struct CopyError {
    path: String,
    source: std::io::Error,
}

/// Copies the built site `dist` over `out`, file by file, except the
/// build's `baked/` when `out` has baked views of its own.
pub fn copy_site(dist: &Path, out: &Path) -> Result<(), CopyError> {
    if !dist.join("index.html").is_file() {
        return Err(CopyError {
            path: dist.display().to_string(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no index.html: is it a built site (trunk build --release)?",
            ),
        });
    }
    copy_folder(dist, out, out)
}

fn copy_folder(from: &Path, to: &Path, out: &Path) -> Result<(), CopyError> {
    let failed = |path: &Path, source| CopyError {
        path: path.display().to_string(),
        source,
    };
    std::fs::create_dir_all(to).map_err(|e| failed(to, e))?;
    for entry in std::fs::read_dir(from).map_err(|e| failed(from, e))? {
        let entry = entry.map_err(|e| failed(from, e))?;
        let target = to.join(entry.file_name());
        let kind = entry.file_type().map_err(|e| failed(&entry.path(), e))?;
        if to == out && entry.file_name() == "baked" && out.join(INDEX_PATH).exists() {
            continue;
        }
        if kind.is_dir() {
            copy_folder(&entry.path(), &target, out)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target).map_err(|e| failed(&target, e))?;
        }
        // A link in a build is not followed: nothing outside it is published.
    }
    Ok(())
}
