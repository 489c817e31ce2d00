//! What a browser downloads: the release wasm and JS, raw and gzip.
//! Reported, not judged: issue 17 replaced the old 200 KB budget with
//! Lighthouse's targets (`cargo xtask lighthouse`).

use crate::run::{step, Failure};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::path::Path;

pub fn report(dist: &Path) -> Result<(), Failure> {
    step("release bundle size");
    let entries = std::fs::read_dir(dist)
        .map_err(|e| Failure(format!("cannot read {}: {e}", dist.display())))?;
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("wasm" | "js")))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Failure(format!(
            "no .wasm or .js file in {}",
            dist.display()
        )));
    }
    // The embed card's first paint is downloaded by cards only, before
    // the app: its own total.
    let (first_paint, app): (Vec<_>, Vec<_>) = files.into_iter().partition(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("first-paint-"))
    });
    list(&app, "total (wasm + js)")?;
    if !first_paint.is_empty() {
        list(&first_paint, "an embed card's first paint, before the app")?;
    }
    Ok(())
}

/// Prints each file's size and the files' total.
fn list(files: &[std::path::PathBuf], total: &str) -> Result<(), Failure> {
    let (mut raw_total, mut gzip_total) = (0, 0);
    for path in files {
        let bytes = std::fs::read(path)
            .map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))?;
        let gzip = gzip_len(&bytes)?;
        raw_total += bytes.len();
        gzip_total += gzip;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!(
            "  {name:<40} {:>9} raw {:>9} gzip",
            kb(bytes.len()),
            kb(gzip)
        );
    }
    println!(
        "  {total:<40} {:>9} raw {:>9} gzip",
        kb(raw_total),
        kb(gzip_total)
    );
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> Result<usize, Failure> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .map(|out| out.len())
        .map_err(|e| Failure(format!("gzip failed: {e}")))
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}
