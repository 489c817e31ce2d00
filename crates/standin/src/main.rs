//! `sprintlift-standin [--port N] [--seed S]`: serve the GitHub stand-in for
//! the offline demo until interrupted.

use std::net::SocketAddr;

#[tokio::main]
async fn main() {
    let mut port: u16 = 8081;
    let mut seed: u64 = 1;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        let parsed = match (arg.as_str(), value.as_deref()) {
            ("--port", Some(v)) => v.parse().map(|p| port = p).is_ok(),
            ("--seed", Some(v)) => v.parse().map(|s| seed = s).is_ok(),
            _ => false,
        };
        if !parsed {
            eprintln!("usage: sprintlift-standin [--port N] [--seed S]");
            std::process::exit(2);
        }
    }
    let data = sprintlift_standin::generate(seed);
    let count = data.prs.len();
    let running = match sprintlift_standin::server::start_with(
        data,
        sprintlift_standin::Config::default(),
        SocketAddr::from(([127, 0, 0, 1], port)),
    )
    .await
    {
        Ok(running) => running,
        Err(e) => {
            eprintln!("sprintlift-standin: cannot listen on 127.0.0.1:{port}: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "GitHub stand-in: {count} generated PRs (seed {seed}) at {}",
        running.base_url()
    );
    let _ = tokio::signal::ctrl_c().await;
}
