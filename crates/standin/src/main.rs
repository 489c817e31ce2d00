//! `sprintlift-standin`: serve the GitHub stand-in until interrupted.

use sprintlift_standin::{generate, generate_large, Config, Dataset};
use std::net::SocketAddr;
use std::time::Duration;

const USAGE: &str =
    "usage: sprintlift-standin [--port N] [--seed S] [--data generated|large|FILE.json|FILE.csv]
                          [--latency-ms N] [--jitter-ms N] [--minute-ms N] [--unlimited]

  --data        the PRs to serve: the generated set (default), the large
                organisation (megacorp, >25,000 PRs in March 2025) beside it,
                or a JSON or CSV file of PR records
  --latency-ms  delay every answer; --jitter-ms adds up to that much more
  --minute-ms   length of a rate-limit minute (default 60000)
  --unlimited   no search rate limit";

#[tokio::main]
async fn main() {
    match run().await {
        Ok(()) => {}
        Err(message) => {
            eprintln!("sprintlift-standin: {message}\n\n{USAGE}");
            std::process::exit(2);
        }
    }
}

async fn run() -> Result<(), String> {
    let mut port: u16 = 8081;
    let mut seed: u64 = 1;
    let mut data = "generated".to_string();
    let mut config = Config::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--unlimited" {
            config = Config {
                minute: config.minute,
                latency: config.latency,
                jitter: config.jitter,
                ..Config::unlimited()
            };
            continue;
        }
        const TAKE_VALUES: [&str; 6] = [
            "--port",
            "--seed",
            "--data",
            "--latency-ms",
            "--jitter-ms",
            "--minute-ms",
        ];
        if !TAKE_VALUES.contains(&arg.as_str()) {
            return Err(format!("unknown option {arg}"));
        }
        let value = args.next().ok_or(format!("{arg} needs a value"))?;
        let number = || {
            value
                .parse::<u64>()
                .map_err(|_| format!("{arg} takes a whole number, not “{value}”"))
        };
        match arg.as_str() {
            "--port" => {
                port =
                    u16::try_from(number()?).map_err(|_| "--port is at most 65535".to_string())?
            }
            "--seed" => seed = number()?,
            "--data" => data = value.clone(),
            "--latency-ms" => config.latency = Duration::from_millis(number()?),
            "--jitter-ms" => config.jitter = Duration::from_millis(number()?),
            "--minute-ms" => config.minute = Duration::from_millis(number()?.max(1)),
            _ => return Err(format!("unknown option {arg}")),
        }
    }
    let dataset = match data.as_str() {
        "generated" => generate(seed),
        "large" => generate(seed).merged(generate_large(seed)),
        path => Dataset::load(std::path::Path::new(path)).map_err(|e| format!("{path}: {e}"))?,
    };
    let count = dataset.prs.len();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let running = sprintlift_standin::server::start_with(dataset, config, addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    println!(
        "GitHub stand-in: {count} PRs ({data}) at {}",
        running.base_url()
    );
    let _ = tokio::signal::ctrl_c().await;
    Ok(())
}
