//! The organiser's workflow as the README gives it: the YAML block after
//! the marker `<!-- organiser-workflow -->`, written to a file under
//! target/ so the workflow linters check what people copy.

use crate::run::Failure;
use std::path::{Path, PathBuf};

pub const MARKER: &str = "<!-- organiser-workflow -->";

/// The block's text, from the README's text.
pub fn block(readme: &str) -> Option<&str> {
    let after = &readme[readme.find(MARKER)? + MARKER.len()..];
    let start = after.find("```yaml\n")? + "```yaml\n".len();
    let body = &after[start..];
    Some(&body[..body.find("\n```")? + 1])
}

/// Writes the README's block to target/ (in a `.github/workflows` folder,
/// where the linters expect a workflow) and returns its path.
pub fn extract(root: &Path) -> Result<PathBuf, Failure> {
    let readme = std::fs::read_to_string(root.join("README.md"))
        .map_err(|e| Failure(format!("cannot read README.md: {e}")))?;
    let text = block(&readme).ok_or_else(|| {
        Failure(format!(
            "README.md has no ```yaml block after {MARKER}: the organiser's workflow must be there"
        ))
    })?;
    let folder = root.join("target/workflow-lint/readme/.github/workflows");
    std::fs::create_dir_all(&folder)
        .map_err(|e| Failure(format!("cannot create {}: {e}", folder.display())))?;
    let path = folder.join("sprint-dashboard.yml");
    std::fs::write(&path, text)
        .map_err(|e| Failure(format!("cannot write {}: {e}", path.display())))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_after_the_marker_is_the_workflow() {
        let readme = "```yaml\nnot: this\n```\n<!-- organiser-workflow -->\nText.\n\n```yaml\nname: x\non: push\n```\nMore.\n";
        assert_eq!(block(readme), Some("name: x\non: push\n"));
        assert_eq!(block("```yaml\nname: x\n```\n"), None);
    }
}
