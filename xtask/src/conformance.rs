//! GitHub's published API descriptions, downloaded from the npm registry at
//! test time (never committed), for the stand-in's conformance tests.

use crate::run::{self, Failure};
use std::path::{Path, PathBuf};

/// Pinned, so a new release of a description changes nothing until chosen.
const OPENAPI: (&str, &str, &str) = (
    "@octokit/openapi",
    "23.0.2",
    "package/generated/api.github.com.json",
);
const GRAPHQL: (&str, &str, &str) = (
    "@octokit/graphql-schema",
    "15.26.1",
    "package/schema.graphql",
);

/// Downloads (unless already there) and unpacks both descriptions; returns
/// the paths of the OpenAPI JSON and the GraphQL SDL.
pub fn fetch(root: &Path) -> Result<(PathBuf, PathBuf), Failure> {
    let dir = root.join("target/conformance");
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure(format!("cannot create {}: {e}", dir.display())))?;
    Ok((unpack(&dir, OPENAPI)?, unpack(&dir, GRAPHQL)?))
}

fn unpack(dir: &Path, (package, version, member): (&str, &str, &str)) -> Result<PathBuf, Failure> {
    let folder = dir.join(format!(
        "{}-{version}",
        package.trim_start_matches('@').replace('/', "-")
    ));
    let file = folder.join(member);
    if file.exists() {
        return Ok(file);
    }
    std::fs::create_dir_all(&folder)
        .map_err(|e| Failure(format!("cannot create {}: {e}", folder.display())))?;
    let spec = format!("{package}@{version}");
    run::command(&folder, "npm", &["pack", &spec, "--silent"])?;
    let tarball = std::fs::read_dir(&folder)
        .map_err(|e| Failure(format!("cannot read {}: {e}", folder.display())))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "tgz"))
        .ok_or_else(|| Failure(format!("npm pack {spec} left no tarball")))?;
    let tarball = tarball.to_string_lossy().into_owned();
    run::command(&folder, "tar", &["xzf", &tarball, member])?;
    Ok(file)
}
