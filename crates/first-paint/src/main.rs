//! The embed card's first paint, a program of its own: a few tens of KB
//! that arrive long before the app (the library says what it does).

fn main() {
    let _ = sprintlift_first_paint::paint();
}
