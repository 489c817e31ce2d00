//! Stable sorting through one shared copy of the standard library's sort.
//!
//! Every `sort_by` on another element type or closure compiles its own copy
//! of the sort algorithm, about 4 KB of wasm each; the app had seventeen.
//! Here the comparison goes behind `&dyn Fn` over indices, so the sort is
//! compiled once, and each type only adds the few lines of `permute`. The
//! slices sorted are small (windows, repositories, a sprint's PRs), so the
//! indirect calls cost nothing measurable.

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Sorts `items` by `compare`, stably (equal items keep their order).
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_order(items.len(), &|a, b| compare(&items[a], &items[b]));
    permute(items, &order);
}

/// Sorts `items` by the key `key` gives, stably.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order, stably.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// A map of `pairs` built by inserting them one by one, later keys winning
/// (as `collect` does): `collect` into a `BTreeMap` sorts first, with its
/// own copy of the sort for every key and value type.
pub fn btree_map<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (key, value) in pairs {
        map.insert(key, value);
    }
    map
}

/// The indices `0..len` in the order `compare` gives them.
#[inline(never)]
fn sorted_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    // The one copy of the standard sort this module exists to share.
    #[allow(clippy::disallowed_methods)]
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Rearranges `items` so that position `i` holds what was at `order[i]`,
/// following each cycle of the permutation with swaps.
fn permute<T>(items: &mut [T], order: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        if placed[start] {
            continue;
        }
        let mut at = start;
        loop {
            placed[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &[(u8, char)]) {
        let mut ours = input.to_vec();
        sort_by_key(&mut ours, |p| p.0);
        let mut std = input.to_vec();
        #[allow(clippy::disallowed_methods)] // the standard sort is the oracle
        std.sort_by_key(|p| p.0);
        assert_eq!(ours, std, "stable, as the standard sort");
    }

    #[test]
    fn agrees_with_the_standard_stable_sort() {
        check(&[]);
        check(&[(1, 'a')]);
        check(&[(3, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (3, 'e'), (0, 'f')]);
        check(&[(5, 'a'), (4, 'b'), (3, 'c'), (2, 'd'), (1, 'e')]);
        let many: Vec<(u8, char)> = (0..500u32)
            .map(|i| {
                (
                    ((i * 7919) % 13) as u8,
                    char::from_u32(0x4e00 + i).unwrap_or('x'),
                )
            })
            .collect();
        check(&many);
    }

    #[test]
    fn maps_keep_the_last_value_of_a_key_as_collect_does() {
        let pairs = [(2, 'a'), (1, 'b'), (2, 'c')];
        let collected: BTreeMap<i32, char> = pairs.into_iter().collect();
        assert_eq!(btree_map(pairs), collected);
    }

    #[test]
    fn natural_order_and_comparators() {
        let mut words = vec!["pear", "apple", "fig", "apple"];
        sort(&mut words);
        assert_eq!(words, ["apple", "apple", "fig", "pear"]);
        let mut numbers = vec![2.5, -1.0, 9.0];
        sort_by(&mut numbers, f64::total_cmp);
        assert_eq!(numbers, [-1.0, 2.5, 9.0]);
    }
}
