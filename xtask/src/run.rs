//! Running commands, loudly: every step and command is echoed, and a failure
//! names the command that failed.

use std::fmt;
use std::path::Path;
use std::process::{Child, Command};

/// Why a task stopped, as one sentence.
#[derive(Debug)]
pub struct Failure(pub String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub fn step(title: &str) {
    println!("\n==> {title}");
}

/// Runs a program in `dir` and fails unless it exits with 0.
pub fn command(dir: &Path, program: &str, args: &[&str]) -> Result<(), Failure> {
    println!("+ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .status()
        .map_err(|e| Failure(format!("could not start `{program}`: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure(format!(
            "`{program} {}` exited with {status}",
            args.join(" ")
        )))
    }
}

pub fn cargo(dir: &Path, args: &[&str]) -> Result<(), Failure> {
    command(dir, "cargo", args)
}

/// Runs a program and returns its standard output, or `None` when it is
/// missing or fails (used to probe installed tools).
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Sets environment variables for the commands `body` runs, then removes them.
pub fn with_env<T>(vars: &[(&str, &str)], body: impl FnOnce() -> T) -> T {
    for (key, value) in vars {
        // Safety: the task runner is single-threaded; no other thread reads the environment.
        unsafe { std::env::set_var(key, value) };
    }
    let result = body();
    for (key, _) in vars {
        unsafe { std::env::remove_var(key) };
    }
    result
}

/// A child process that is killed when this value is dropped.
pub struct Background(Child);

impl Background {
    pub fn spawn(dir: &Path, program: &Path, args: &[&str]) -> Result<Background, Failure> {
        Command::new(program)
            .args(args)
            .current_dir(dir)
            .spawn()
            .map(Background)
            .map_err(|e| Failure(format!("could not start {}: {e}", program.display())))
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
