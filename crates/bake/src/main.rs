//! `sprintlift-bake`: see `args::USAGE`.

use sprintlift_bake::args::{self, Command, USAGE};
use sprintlift_bake::Outcome;
use std::process::ExitCode;

fn main() -> ExitCode {
    let token = std::env::var("GITHUB_TOKEN").ok();
    let job = match args::parse(std::env::args().skip(1), token) {
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Command::Bake(job)) => job,
        Err(error) => {
            eprintln!("sprintlift-bake: {error}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut stderr = std::io::stderr();
    let summary = match sprintlift_bake::run(&job, &mut stderr) {
        Ok(Outcome::Planned { due: 0 }) => {
            eprintln!("No view is due.");
            return ExitCode::from(3);
        }
        Ok(Outcome::Planned { due }) => {
            eprintln!("{due} of {} views are due.", job.options.views.len());
            return ExitCode::SUCCESS;
        }
        Ok(Outcome::Baked(summary)) => summary,
        Err(error) => {
            eprintln!("sprintlift-bake: {error}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "{} of {} views baked, {} requests to GitHub, {} answers reused.",
        summary.done,
        summary.done + summary.failed.len(),
        summary.requests,
        summary.reused
    );
    if summary.complete() {
        return ExitCode::SUCCESS;
    }
    for (view, sentence) in &summary.failed {
        eprintln!("failed: {view}: {sentence}");
    }
    ExitCode::FAILURE
}
