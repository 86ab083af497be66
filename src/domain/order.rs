//! One copy of a stable sort for the whole app.
//!
//! `slice::sort_by` is generic: each element type and comparison linked its
//! own copy of the sort, about 3.5 KB of wasm each. Here the sort is over
//! places, behind a `dyn` comparison, so there is one copy; what is generic
//! is only moving the items into the order found. The order is the one
//! `slice::sort_by` gives: stable, equal items keep their places.
//!
//! The sort itself is a plain merge sort, not the standard library's:
//! driftsort, with its small-sort networks, cost 1.7 KiB gzip more for the
//! app's one sort. Any stable sort gives the same order. Timed on the host
//! over 7,300 places, this one takes about 1.3 times as long in random
//! order (about 1 ms) and the same already in order.

use std::cmp::Ordering;

/// The places `0..n` in the order `cmp` puts them, equal ones in place order.
#[inline(never)]
pub fn places(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    // Already in order (many of Hearth's lists are): one pass.
    if (1..n).all(|i| cmp(i - 1, i) != Ordering::Greater) {
        return order;
    }
    // Runs of 8 put in order by insertion (moving a place back only past
    // greater ones keeps equal ones in place order)…
    for run in order.chunks_mut(8) {
        for k in 1..run.len() {
            let mut m = k;
            while m > 0 && cmp(run[m - 1], run[m]) == Ordering::Greater {
                run.swap(m - 1, m);
                m -= 1;
            }
        }
    }
    // …then merged in pairs, bottom up, until one run is left.
    let mut merged = vec![0; n];
    let mut width = 8;
    while width < n {
        for start in (0..n).step_by(2 * width) {
            let (mid, end) = ((start + width).min(n), (start + 2 * width).min(n));
            merge(&order[start..mid], &order[mid..end], &mut merged[start..end], cmp);
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

/// `left` and `right`, each in order, into `out` in order; of equal places,
/// `left`'s first (they come first in the list), so the sort is stable.
fn merge(left: &[usize], right: &[usize], out: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    let (mut i, mut j) = (0, 0);
    // Two runs already in order one after the other need no comparison
    // past the first.
    let apart = match (left.last(), right.first()) {
        (Some(&l), Some(&r)) => cmp(l, r) != Ordering::Greater,
        _ => true,
    };
    if !apart {
        while i < left.len() && j < right.len() {
            if cmp(right[j], left[i]) == Ordering::Less {
                out[i + j] = right[j];
                j += 1;
            } else {
                out[i + j] = left[i];
                i += 1;
            }
        }
    }
    out[i + j..left.len() + j].copy_from_slice(&left[i..]);
    out[left.len() + j..].copy_from_slice(&right[j..]);
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

    /// Lists already in order, in reverse, and nearly in order (the
    /// merge's short cut), as the standard sort orders them.
    #[test]
    fn sorts_runs_as_the_standard_sort_does() {
        for len in [2usize, 5, 64, 333] {
            let sorted: Vec<(usize, usize)> = (0..len).map(|i| (i / 3, i)).collect();
            let reversed: Vec<(usize, usize)> = sorted.iter().rev().copied().collect();
            let mut nearly = sorted.clone();
            nearly.swap(0, len / 2);
            nearly.swap(len - 1, len / 3);
            for v in [sorted.clone(), reversed, nearly] {
                let mut ours = v.clone();
                sort_by_key(&mut ours, |p| p.0);
                let mut theirs = v;
                theirs.sort_by_key(|p| p.0);
                assert_eq!(ours, theirs);
            }
        }
    }

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
