//! Trunk's post-build hook, second part: the embed card's first paint
//! (crates/first-paint), which Trunk builds beside the app under fixed
//! names, is named after its content (so a new build never meets a cached
//! old one) and given a start-up script. public/early.js, which knows
//! whether the page is a card before the body is parsed, asks for the
//! three files in a card only: it reads their names from its own tag.

use crate::run::Failure;
use std::path::Path;

/// Trunk's names for the program's wasm-bindgen glue and its wasm.
const GLUE: &str = "sprintlift-first-paint.js";
const WASM: &str = "sprintlift-first-paint_bg.wasm";
/// public/early.js's tag in index.html.
const EARLY: &str = "<script src=\"public/early.js\"";

/// Renames the program's files in `dir`, writes its start-up script and
/// gives the three names to early.js's tag in `dir/index.html`.
pub fn place(dir: &Path) -> Result<(), Failure> {
    let read = |name: &str| {
        std::fs::read(dir.join(name)).map_err(|e| Failure(format!("cannot read {name}: {e}")))
    };
    let (glue, wasm) = (read(GLUE)?, read(WASM)?);
    let mut crc = flate2::Crc::new();
    crc.update(&glue);
    crc.update(&wasm);
    let files = Files::named(crc.sum());
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(dir.join(name), bytes)
            .map_err(|e| Failure(format!("cannot write {name}: {e}")))
    };
    write(&files.glue, &glue)?;
    write(&files.wasm, &wasm)?;
    write(&files.start, files.start_script().as_bytes())?;
    for old in [GLUE, WASM] {
        std::fs::remove_file(dir.join(old))
            .map_err(|e| Failure(format!("cannot remove {old}: {e}")))?;
    }
    let index = dir.join("index.html");
    let html = std::fs::read_to_string(&index)
        .map_err(|e| Failure(format!("cannot read {}: {e}", index.display())))?;
    std::fs::write(&index, files.in_page(&html)?)
        .map_err(|e| Failure(format!("cannot write {}: {e}", index.display())))
}

/// The program's files, named after a checksum of their content.
struct Files {
    glue: String,
    wasm: String,
    start: String,
}

impl Files {
    fn named(checksum: u32) -> Files {
        Files {
            glue: format!("first-paint-{checksum:08x}.js"),
            wasm: format!("first-paint-{checksum:08x}_bg.wasm"),
            start: format!("first-paint-start-{checksum:08x}.js"),
        }
    }

    /// Starts the program, then lets the app's download begin (early.js's
    /// `sprintliftFirstPaintDone`), whether or not it painted.
    fn start_script(&self) -> String {
        format!(
            "import init from './{}';\ntry {{\n  await init({{ module_or_path: './{}' }});\n}} finally {{\n  window.sprintliftFirstPaintDone?.();\n}}\n",
            self.glue, self.wasm
        )
    }

    /// `html` with early.js told the files' names.
    fn in_page(&self, html: &str) -> Result<String, Failure> {
        let at = html.find(EARLY).ok_or_else(|| {
            Failure("index.html has no public/early.js to start the first paint".into())
        })? + EARLY.len();
        let names = format!(
            " data-first-paint-start=\"./{}\" data-first-paint-glue=\"./{}\" data-first-paint-wasm=\"./{}\"",
            self.start, self.glue, self.wasm
        );
        Ok(format!("{}{names}{}", &html[..at], &html[at..]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn early_js_is_told_the_first_paints_files() {
        let files = Files::named(0xbeef);
        let html = "<head>\n<script src=\"public/early.js\"></script>\n</head>";
        assert_eq!(
            files.in_page(html).expect("placed"),
            "<head>\n<script src=\"public/early.js\" data-first-paint-start=\"./first-paint-start-0000beef.js\" \
             data-first-paint-glue=\"./first-paint-0000beef.js\" data-first-paint-wasm=\"./first-paint-0000beef_bg.wasm\"></script>\n</head>"
        );
        assert_eq!(
            files.start_script(),
            "import init from './first-paint-0000beef.js';\ntry {\n  await init({ module_or_path: './first-paint-0000beef_bg.wasm' });\n} finally {\n  window.sprintliftFirstPaintDone?.();\n}\n"
        );
    }

    #[test]
    fn a_page_without_early_js_is_an_error() {
        assert!(Files::named(1).in_page("<head></head>").is_err());
    }
}
