//! `sprintlift-bake`: see `args::USAGE`.

use sprintlift_bake::args::{self, Command, USAGE};
use std::process::ExitCode;

fn main() -> ExitCode {
    let token = std::env::var("GITHUB_TOKEN").ok();
    let options = match args::parse(std::env::args().skip(1), token) {
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Command::Bake(options)) => options,
        Err(error) => {
            eprintln!("sprintlift-bake: {error}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut stderr = std::io::stderr();
    let summary = sprintlift_bake::bake(&options, &mut stderr);
    eprintln!(
        "{} of {} views baked, {} requests to GitHub, {} answers reused.",
        summary.done,
        options.views.len(),
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
