//! `cargo xtask screenshots`: the README's pictures, taken from the release
//! build in headless Chromium against the stand-in's generated data.

// A tool: a failed step is a failed run, said with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use sprintlift_e2e::World;
use std::path::PathBuf;

async fn shoot(world: &World, query: &str, size: (u32, u32), name: &str) {
    world
        .client
        .set_window_size(size.0, size.1)
        .await
        .expect("resize");
    world.open(query).await;
    world.wait_done().await;
    world.by_testid("chart-opened").await;
    // Let the chart's resize and the fonts settle before the picture.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let png = world.client.screenshot().await.expect("screenshot");
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs")
        .join(name);
    std::fs::write(&path, png).expect("write the picture");
    println!("wrote {}", path.display());
}

#[tokio::main]
async fn main() {
    let world = World::start().await;
    shoot(&world, "theme=light", (1280, 1800), "default-view.png").await;
    shoot(&world, "embed=1&theme=light", (720, 1000), "embed.png").await;
    shoot(&world, "theme=dark", (1280, 1800), "dark-theme.png").await;
    world.close().await;
}
