//! What a bake writes, and how: each file whole or not at all (written
//! beside its place, then renamed over it), so an interrupted bake leaves
//! the previous output as it was.
//!
//! ```text
//! DIR/baked/index.json                  every baked view: query, files, when baked
//! DIR/baked/VIEW.answers.json           the answers, each with when it was fetched
//! DIR/baked/VIEW.snapshot.json          the figures, as "Export JSON snapshot" writes them
//! ```

use sprintlift_core::baked_site::{Index, BAKED_DIR, INDEX_PATH};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Why a file could not be written, as a sentence.
#[derive(Debug, thiserror::Error)]
#[error("Could not write {path}: {source}")]
pub struct WriteError {
    path: String,
    source: std::io::Error,
}

/// The file stem of a view: its first day and a hash of its canonical
/// query, so different views never share files and one view always
/// gets the same ones.
pub fn stem(view_query: &str, first_day: &str) -> String {
    // FNV-1a, 64 bits: stable across Rust versions, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in view_query.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{first_day}-{hash:016x}")
}

pub fn answers_path(stem: &str) -> String {
    format!("{BAKED_DIR}/{stem}.answers.json")
}

pub fn snapshot_path(stem: &str) -> String {
    format!("{BAKED_DIR}/{stem}.snapshot.json")
}

pub fn card_path(stem: &str) -> String {
    format!("{BAKED_DIR}/{stem}.card.svg")
}

/// Reads the index under `out`: empty when there is none yet, or the
/// sentence saying why the one there cannot be read.
pub fn read_index(out: &Path) -> Result<Index, String> {
    let path = out.join(INDEX_PATH);
    match std::fs::read_to_string(&path) {
        Ok(text) => Index::parse(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Index::empty()),
        Err(error) => Err(format!("{} cannot be read ({error})", path.display())),
    }
}

/// Writes `text` to `out/relative` atomically: a temporary file in the
/// same folder, flushed to disk, then renamed over the old one.
pub fn write_atomically(out: &Path, relative: &str, text: &str) -> Result<(), WriteError> {
    let path = out.join(relative);
    let failed = |source| WriteError {
        path: path.display().to_string(),
        source,
    };
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(failed)?;
    }
    let temporary = temporary_beside(&path);
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temporary, &path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written.map_err(failed)
}

/// `.NAME.PID.partial`: hidden, so a site published with a bake's
/// leftovers still never serves one (GitHub Pages' upload leaves hidden
/// files out, and no index names a file starting with a dot).
fn temporary_beside(path: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".{}{TEMPORARY}", std::process::id()));
    path.with_file_name(name)
}

const TEMPORARY: &str = ".partial";
/// A temporary file this old is a leftover of an interrupted bake: a
/// bake writes each file in well under a second.
const STALE: Duration = Duration::from_secs(3600);

/// Removes the leftovers of interrupted bakes from `out/baked/`, saying so.
pub fn remove_stale_temporaries(out: &Path, progress: &mut dyn Write) {
    let Ok(entries) = std::fs::read_dir(out.join(BAKED_DIR)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_temporary = name.to_str().is_some_and(|n| n.ends_with(TEMPORARY));
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|at| at.elapsed().ok())
            .is_some_and(|age| age > STALE);
        if is_temporary && old && std::fs::remove_file(entry.path()).is_ok() {
            let _ = writeln!(
                progress,
                "removed {}, left by an interrupted bake",
                entry.path().display()
            );
        }
    }
}

/// The lock two bakes into one folder take around the index's
/// read-change-write, so neither loses the other's views: an exclusive
/// lock on a hidden file (the operating system lets it go when the bake
/// ends, however it ends).
const LOCK: &str = "baked/.index.lock";

/// Reads the index under `out`, changes it with `change` and writes it,
/// holding the folder's lock meanwhile. An index that cannot be read is
/// rebuilt (and `change` told why).
pub fn update_index(
    out: &Path,
    change: impl FnOnce(&mut Index, Option<String>),
) -> Result<(), WriteError> {
    let lock = out.join(LOCK);
    let failed = |source| WriteError {
        path: lock.display().to_string(),
        source,
    };
    if let Some(folder) = lock.parent() {
        std::fs::create_dir_all(folder).map_err(failed)?;
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock)
        .map_err(failed)?;
    file.lock().map_err(failed)?;
    let (mut index, problem) = match read_index(out) {
        Ok(index) => (index, None),
        Err(problem) => (Index::empty(), Some(problem)),
    };
    change(&mut index, problem);
    let written = write_atomically(out, INDEX_PATH, &index.to_json());
    // Dropping the file lets the lock go; the file stays (hidden).
    drop(file);
    written
}
