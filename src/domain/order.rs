//! One copy of a stable sort for the whole app.
//!
//! `slice::sort_by` is generic: each element type and comparison linked its
//! own copy of the sort, about 3.5 KB of wasm each. Here the sort is over
//! places, behind a `dyn` comparison, so there is one copy; what is generic
//! is only moving the items into the order found. The order is the one
//! `slice::sort_by` gives: stable, equal items keep their places.

use std::cmp::Ordering;

/// The places `0..n` in the order `cmp` puts them, equal ones in place order.
#[inline(never)]
pub fn places(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Sorts `v` as `v.sort_by(cmp)` would.
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let order = places(v.len(), &|a, b| cmp(&v[a], &v[b]));
    let mut old: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| old[i].take()));
}

/// Sorts `v` as `v.sort_by_key(key)` would.
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same order as the standard library's stable sort, ties included.
    #[test]
    fn sorts_as_the_standard_sort_does() {
        let mut seed = 7u64;
        for len in [0usize, 1, 2, 3, 10, 21, 100, 1000] {
            let v: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 59) as u8, i)
                })
                .collect();
            let mut ours = v.clone();
            sort_by_key(&mut ours, |p| p.0);
            let mut theirs = v.clone();
            theirs.sort_by_key(|p| p.0);
            assert_eq!(ours, theirs);
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| b.0.cmp(&a.0));
            let mut theirs = v;
            theirs.sort_by_key(|b| std::cmp::Reverse(b.0));
            assert_eq!(ours, theirs);
        }
    }
}
