//! `char::to_uppercase` and `char::to_lowercase`, from tables of runs.
//! core's own tables (every letter beside its other case, some 25 KB of
//! wasm, 10 KiB gzip) were linked for a few uses on the couple's words
//! (comparing them, capitalising a sentence). Most letters change case by
//! a fixed step in runs, so each mapping fits in about 200 of them plus the
//! letters whose other case is more than one char. A host test checks
//! every char against core; after a toolchain with a newer Unicode, it
//! fails and prints the tables to paste here.

/// A run of chars whose other case is the same step away: each char from
/// `first` to `last`, `step` apart (1 or 2), has the one other case `delta`
/// from it. Packed in eight bytes, not sixteen (the tables are data gzip
/// shrinks little): `first` (17 bits), `last - first` (8) and `step - 1`
/// (1) in one `u32`, then `delta`.
type Run = (u32, i32);

/// [`Run`] of `(first, last, step, delta)`; a run that does not fit stops
/// the build.
const fn run(first: u32, last: u32, step: u32, delta: i32) -> Run {
    assert!(first < 1 << 17 && last >= first && last - first < 1 << 8 && (step == 1 || step == 2));
    (first << 9 | (last - first) << 1 | (step - 1), delta)
}

/// A run's `(first, last, step)`.
fn span(run: Run) -> (u32, u32, u32) {
    let first = run.0 >> 9;
    (first, first + (run.0 >> 1 & 0xff), (run.0 & 1) + 1)
}

/// Each char from `first` to `last`, `step` apart, has the one capital
/// `delta` from it.
const UPPER_RUNS: [Run; 198] = [
    run(0x0061, 0x007a, 1, -32),
    run(0x00b5, 0x00b5, 1, 743),
    run(0x00e0, 0x00f6, 1, -32),
    run(0x00f8, 0x00fe, 1, -32),
    run(0x00ff, 0x00ff, 1, 121),
    run(0x0101, 0x012f, 2, -1),
    run(0x0131, 0x0131, 1, -232),
    run(0x0133, 0x0137, 2, -1),
    run(0x013a, 0x0148, 2, -1),
    run(0x014b, 0x0177, 2, -1),
    run(0x017a, 0x017e, 2, -1),
    run(0x017f, 0x017f, 1, -300),
    run(0x0180, 0x0180, 1, 195),
    run(0x0183, 0x0185, 2, -1),
    run(0x0188, 0x0188, 1, -1),
    run(0x018c, 0x018c, 1, -1),
    run(0x0192, 0x0192, 1, -1),
    run(0x0195, 0x0195, 1, 97),
    run(0x0199, 0x0199, 1, -1),
    run(0x019a, 0x019a, 1, 163),
    run(0x019b, 0x019b, 1, 42561),
    run(0x019e, 0x019e, 1, 130),
    run(0x01a1, 0x01a5, 2, -1),
    run(0x01a8, 0x01a8, 1, -1),
    run(0x01ad, 0x01ad, 1, -1),
    run(0x01b0, 0x01b0, 1, -1),
    run(0x01b4, 0x01b6, 2, -1),
    run(0x01b9, 0x01b9, 1, -1),
    run(0x01bd, 0x01bd, 1, -1),
    run(0x01bf, 0x01bf, 1, 56),
    run(0x01c5, 0x01c5, 1, -1),
    run(0x01c6, 0x01c6, 1, -2),
    run(0x01c8, 0x01c8, 1, -1),
    run(0x01c9, 0x01c9, 1, -2),
    run(0x01cb, 0x01cb, 1, -1),
    run(0x01cc, 0x01cc, 1, -2),
    run(0x01ce, 0x01dc, 2, -1),
    run(0x01dd, 0x01dd, 1, -79),
    run(0x01df, 0x01ef, 2, -1),
    run(0x01f2, 0x01f2, 1, -1),
    run(0x01f3, 0x01f3, 1, -2),
    run(0x01f5, 0x01f5, 1, -1),
    run(0x01f9, 0x021f, 2, -1),
    run(0x0223, 0x0233, 2, -1),
    run(0x023c, 0x023c, 1, -1),
    run(0x023f, 0x0240, 1, 10815),
    run(0x0242, 0x0242, 1, -1),
    run(0x0247, 0x024f, 2, -1),
    run(0x0250, 0x0250, 1, 10783),
    run(0x0251, 0x0251, 1, 10780),
    run(0x0252, 0x0252, 1, 10782),
    run(0x0253, 0x0253, 1, -210),
    run(0x0254, 0x0254, 1, -206),
    run(0x0256, 0x0257, 1, -205),
    run(0x0259, 0x0259, 1, -202),
    run(0x025b, 0x025b, 1, -203),
    run(0x025c, 0x025c, 1, 42319),
    run(0x0260, 0x0260, 1, -205),
    run(0x0261, 0x0261, 1, 42315),
    run(0x0263, 0x0263, 1, -207),
    run(0x0264, 0x0264, 1, 42343),
    run(0x0265, 0x0265, 1, 42280),
    run(0x0266, 0x0266, 1, 42308),
    run(0x0268, 0x0268, 1, -209),
    run(0x0269, 0x0269, 1, -211),
    run(0x026a, 0x026a, 1, 42308),
    run(0x026b, 0x026b, 1, 10743),
    run(0x026c, 0x026c, 1, 42305),
    run(0x026f, 0x026f, 1, -211),
    run(0x0271, 0x0271, 1, 10749),
    run(0x0272, 0x0272, 1, -213),
    run(0x0275, 0x0275, 1, -214),
    run(0x027d, 0x027d, 1, 10727),
    run(0x0280, 0x0280, 1, -218),
    run(0x0282, 0x0282, 1, 42307),
    run(0x0283, 0x0283, 1, -218),
    run(0x0287, 0x0287, 1, 42282),
    run(0x0288, 0x0288, 1, -218),
    run(0x0289, 0x0289, 1, -69),
    run(0x028a, 0x028b, 1, -217),
    run(0x028c, 0x028c, 1, -71),
    run(0x0292, 0x0292, 1, -219),
    run(0x029d, 0x029d, 1, 42261),
    run(0x029e, 0x029e, 1, 42258),
    run(0x0345, 0x0345, 1, 84),
    run(0x0371, 0x0373, 2, -1),
    run(0x0377, 0x0377, 1, -1),
    run(0x037b, 0x037d, 1, 130),
    run(0x03ac, 0x03ac, 1, -38),
    run(0x03ad, 0x03af, 1, -37),
    run(0x03b1, 0x03c1, 1, -32),
    run(0x03c2, 0x03c2, 1, -31),
    run(0x03c3, 0x03cb, 1, -32),
    run(0x03cc, 0x03cc, 1, -64),
    run(0x03cd, 0x03ce, 1, -63),
    run(0x03d0, 0x03d0, 1, -62),
    run(0x03d1, 0x03d1, 1, -57),
    run(0x03d5, 0x03d5, 1, -47),
    run(0x03d6, 0x03d6, 1, -54),
    run(0x03d7, 0x03d7, 1, -8),
    run(0x03d9, 0x03ef, 2, -1),
    run(0x03f0, 0x03f0, 1, -86),
    run(0x03f1, 0x03f1, 1, -80),
    run(0x03f2, 0x03f2, 1, 7),
    run(0x03f3, 0x03f3, 1, -116),
    run(0x03f5, 0x03f5, 1, -96),
    run(0x03f8, 0x03f8, 1, -1),
    run(0x03fb, 0x03fb, 1, -1),
    run(0x0430, 0x044f, 1, -32),
    run(0x0450, 0x045f, 1, -80),
    run(0x0461, 0x0481, 2, -1),
    run(0x048b, 0x04bf, 2, -1),
    run(0x04c2, 0x04ce, 2, -1),
    run(0x04cf, 0x04cf, 1, -15),
    run(0x04d1, 0x052f, 2, -1),
    run(0x0561, 0x0586, 1, -48),
    run(0x10d0, 0x10fa, 1, 3008),
    run(0x10fd, 0x10ff, 1, 3008),
    run(0x13f8, 0x13fd, 1, -8),
    run(0x1c80, 0x1c80, 1, -6254),
    run(0x1c81, 0x1c81, 1, -6253),
    run(0x1c82, 0x1c82, 1, -6244),
    run(0x1c83, 0x1c84, 1, -6242),
    run(0x1c85, 0x1c85, 1, -6243),
    run(0x1c86, 0x1c86, 1, -6236),
    run(0x1c87, 0x1c87, 1, -6181),
    run(0x1c88, 0x1c88, 1, 35266),
    run(0x1c8a, 0x1c8a, 1, -1),
    run(0x1d79, 0x1d79, 1, 35332),
    run(0x1d7d, 0x1d7d, 1, 3814),
    run(0x1d8e, 0x1d8e, 1, 35384),
    run(0x1e01, 0x1e95, 2, -1),
    run(0x1e9b, 0x1e9b, 1, -59),
    run(0x1ea1, 0x1eff, 2, -1),
    run(0x1f00, 0x1f07, 1, 8),
    run(0x1f10, 0x1f15, 1, 8),
    run(0x1f20, 0x1f27, 1, 8),
    run(0x1f30, 0x1f37, 1, 8),
    run(0x1f40, 0x1f45, 1, 8),
    run(0x1f51, 0x1f57, 2, 8),
    run(0x1f60, 0x1f67, 1, 8),
    run(0x1f70, 0x1f71, 1, 74),
    run(0x1f72, 0x1f75, 1, 86),
    run(0x1f76, 0x1f77, 1, 100),
    run(0x1f78, 0x1f79, 1, 128),
    run(0x1f7a, 0x1f7b, 1, 112),
    run(0x1f7c, 0x1f7d, 1, 126),
    run(0x1fb0, 0x1fb1, 1, 8),
    run(0x1fbe, 0x1fbe, 1, -7205),
    run(0x1fd0, 0x1fd1, 1, 8),
    run(0x1fe0, 0x1fe1, 1, 8),
    run(0x1fe5, 0x1fe5, 1, 7),
    run(0x214e, 0x214e, 1, -28),
    run(0x2170, 0x217f, 1, -16),
    run(0x2184, 0x2184, 1, -1),
    run(0x24d0, 0x24e9, 1, -26),
    run(0x2c30, 0x2c5f, 1, -48),
    run(0x2c61, 0x2c61, 1, -1),
    run(0x2c65, 0x2c65, 1, -10795),
    run(0x2c66, 0x2c66, 1, -10792),
    run(0x2c68, 0x2c6c, 2, -1),
    run(0x2c73, 0x2c73, 1, -1),
    run(0x2c76, 0x2c76, 1, -1),
    run(0x2c81, 0x2ce3, 2, -1),
    run(0x2cec, 0x2cee, 2, -1),
    run(0x2cf3, 0x2cf3, 1, -1),
    run(0x2d00, 0x2d25, 1, -7264),
    run(0x2d27, 0x2d27, 1, -7264),
    run(0x2d2d, 0x2d2d, 1, -7264),
    run(0xa641, 0xa66d, 2, -1),
    run(0xa681, 0xa69b, 2, -1),
    run(0xa723, 0xa72f, 2, -1),
    run(0xa733, 0xa76f, 2, -1),
    run(0xa77a, 0xa77c, 2, -1),
    run(0xa77f, 0xa787, 2, -1),
    run(0xa78c, 0xa78c, 1, -1),
    run(0xa791, 0xa793, 2, -1),
    run(0xa794, 0xa794, 1, 48),
    run(0xa797, 0xa7a9, 2, -1),
    run(0xa7b5, 0xa7c3, 2, -1),
    run(0xa7c8, 0xa7ca, 2, -1),
    run(0xa7cd, 0xa7db, 2, -1),
    run(0xa7f6, 0xa7f6, 1, -1),
    run(0xab53, 0xab53, 1, -928),
    run(0xab70, 0xabbf, 1, -38864),
    run(0xff41, 0xff5a, 1, -32),
    run(0x10428, 0x1044f, 1, -40),
    run(0x104d8, 0x104fb, 1, -40),
    run(0x10597, 0x105a1, 1, -39),
    run(0x105a3, 0x105b1, 1, -39),
    run(0x105b3, 0x105b9, 1, -39),
    run(0x105bb, 0x105bc, 1, -39),
    run(0x10cc0, 0x10cf2, 1, -64),
    run(0x10d70, 0x10d85, 1, -32),
    run(0x118c0, 0x118df, 1, -32),
    run(0x16e60, 0x16e7f, 1, -32),
    run(0x16ebb, 0x16ed3, 1, -27),
    run(0x1e922, 0x1e943, 1, -34),
];

/// The chars whose capital is two or three chars.
const UPPER_MULTI: [Multi; 102] = [
    multi('\u{df}', "\u{53}\u{53}"),
    multi('\u{149}', "\u{2bc}\u{4e}"),
    multi('\u{1f0}', "\u{4a}\u{30c}"),
    multi('\u{390}', "\u{399}\u{308}\u{301}"),
    multi('\u{3b0}', "\u{3a5}\u{308}\u{301}"),
    multi('\u{587}', "\u{535}\u{552}"),
    multi('\u{1e96}', "\u{48}\u{331}"),
    multi('\u{1e97}', "\u{54}\u{308}"),
    multi('\u{1e98}', "\u{57}\u{30a}"),
    multi('\u{1e99}', "\u{59}\u{30a}"),
    multi('\u{1e9a}', "\u{41}\u{2be}"),
    multi('\u{1f50}', "\u{3a5}\u{313}"),
    multi('\u{1f52}', "\u{3a5}\u{313}\u{300}"),
    multi('\u{1f54}', "\u{3a5}\u{313}\u{301}"),
    multi('\u{1f56}', "\u{3a5}\u{313}\u{342}"),
    multi('\u{1f80}', "\u{1f08}\u{399}"),
    multi('\u{1f81}', "\u{1f09}\u{399}"),
    multi('\u{1f82}', "\u{1f0a}\u{399}"),
    multi('\u{1f83}', "\u{1f0b}\u{399}"),
    multi('\u{1f84}', "\u{1f0c}\u{399}"),
    multi('\u{1f85}', "\u{1f0d}\u{399}"),
    multi('\u{1f86}', "\u{1f0e}\u{399}"),
    multi('\u{1f87}', "\u{1f0f}\u{399}"),
    multi('\u{1f88}', "\u{1f08}\u{399}"),
    multi('\u{1f89}', "\u{1f09}\u{399}"),
    multi('\u{1f8a}', "\u{1f0a}\u{399}"),
    multi('\u{1f8b}', "\u{1f0b}\u{399}"),
    multi('\u{1f8c}', "\u{1f0c}\u{399}"),
    multi('\u{1f8d}', "\u{1f0d}\u{399}"),
    multi('\u{1f8e}', "\u{1f0e}\u{399}"),
    multi('\u{1f8f}', "\u{1f0f}\u{399}"),
    multi('\u{1f90}', "\u{1f28}\u{399}"),
    multi('\u{1f91}', "\u{1f29}\u{399}"),
    multi('\u{1f92}', "\u{1f2a}\u{399}"),
    multi('\u{1f93}', "\u{1f2b}\u{399}"),
    multi('\u{1f94}', "\u{1f2c}\u{399}"),
    multi('\u{1f95}', "\u{1f2d}\u{399}"),
    multi('\u{1f96}', "\u{1f2e}\u{399}"),
    multi('\u{1f97}', "\u{1f2f}\u{399}"),
    multi('\u{1f98}', "\u{1f28}\u{399}"),
    multi('\u{1f99}', "\u{1f29}\u{399}"),
    multi('\u{1f9a}', "\u{1f2a}\u{399}"),
    multi('\u{1f9b}', "\u{1f2b}\u{399}"),
    multi('\u{1f9c}', "\u{1f2c}\u{399}"),
    multi('\u{1f9d}', "\u{1f2d}\u{399}"),
    multi('\u{1f9e}', "\u{1f2e}\u{399}"),
    multi('\u{1f9f}', "\u{1f2f}\u{399}"),
    multi('\u{1fa0}', "\u{1f68}\u{399}"),
    multi('\u{1fa1}', "\u{1f69}\u{399}"),
    multi('\u{1fa2}', "\u{1f6a}\u{399}"),
    multi('\u{1fa3}', "\u{1f6b}\u{399}"),
    multi('\u{1fa4}', "\u{1f6c}\u{399}"),
    multi('\u{1fa5}', "\u{1f6d}\u{399}"),
    multi('\u{1fa6}', "\u{1f6e}\u{399}"),
    multi('\u{1fa7}', "\u{1f6f}\u{399}"),
    multi('\u{1fa8}', "\u{1f68}\u{399}"),
    multi('\u{1fa9}', "\u{1f69}\u{399}"),
    multi('\u{1faa}', "\u{1f6a}\u{399}"),
    multi('\u{1fab}', "\u{1f6b}\u{399}"),
    multi('\u{1fac}', "\u{1f6c}\u{399}"),
    multi('\u{1fad}', "\u{1f6d}\u{399}"),
    multi('\u{1fae}', "\u{1f6e}\u{399}"),
    multi('\u{1faf}', "\u{1f6f}\u{399}"),
    multi('\u{1fb2}', "\u{1fba}\u{399}"),
    multi('\u{1fb3}', "\u{391}\u{399}"),
    multi('\u{1fb4}', "\u{386}\u{399}"),
    multi('\u{1fb6}', "\u{391}\u{342}"),
    multi('\u{1fb7}', "\u{391}\u{342}\u{399}"),
    multi('\u{1fbc}', "\u{391}\u{399}"),
    multi('\u{1fc2}', "\u{1fca}\u{399}"),
    multi('\u{1fc3}', "\u{397}\u{399}"),
    multi('\u{1fc4}', "\u{389}\u{399}"),
    multi('\u{1fc6}', "\u{397}\u{342}"),
    multi('\u{1fc7}', "\u{397}\u{342}\u{399}"),
    multi('\u{1fcc}', "\u{397}\u{399}"),
    multi('\u{1fd2}', "\u{399}\u{308}\u{300}"),
    multi('\u{1fd3}', "\u{399}\u{308}\u{301}"),
    multi('\u{1fd6}', "\u{399}\u{342}"),
    multi('\u{1fd7}', "\u{399}\u{308}\u{342}"),
    multi('\u{1fe2}', "\u{3a5}\u{308}\u{300}"),
    multi('\u{1fe3}', "\u{3a5}\u{308}\u{301}"),
    multi('\u{1fe4}', "\u{3a1}\u{313}"),
    multi('\u{1fe6}', "\u{3a5}\u{342}"),
    multi('\u{1fe7}', "\u{3a5}\u{308}\u{342}"),
    multi('\u{1ff2}', "\u{1ffa}\u{399}"),
    multi('\u{1ff3}', "\u{3a9}\u{399}"),
    multi('\u{1ff4}', "\u{38f}\u{399}"),
    multi('\u{1ff6}', "\u{3a9}\u{342}"),
    multi('\u{1ff7}', "\u{3a9}\u{342}\u{399}"),
    multi('\u{1ffc}', "\u{3a9}\u{399}"),
    multi('\u{fb00}', "\u{46}\u{46}"),
    multi('\u{fb01}', "\u{46}\u{49}"),
    multi('\u{fb02}', "\u{46}\u{4c}"),
    multi('\u{fb03}', "\u{46}\u{46}\u{49}"),
    multi('\u{fb04}', "\u{46}\u{46}\u{4c}"),
    multi('\u{fb05}', "\u{53}\u{54}"),
    multi('\u{fb06}', "\u{53}\u{54}"),
    multi('\u{fb13}', "\u{544}\u{546}"),
    multi('\u{fb14}', "\u{544}\u{535}"),
    multi('\u{fb15}', "\u{544}\u{53b}"),
    multi('\u{fb16}', "\u{54e}\u{546}"),
    multi('\u{fb17}', "\u{544}\u{53d}"),
];

/// As [`UPPER_RUNS`], for the small letters.
const LOWER_RUNS: [Run; 185] = [
    run(0x0041, 0x005a, 1, 32),
    run(0x00c0, 0x00d6, 1, 32),
    run(0x00d8, 0x00de, 1, 32),
    run(0x0100, 0x012e, 2, 1),
    run(0x0132, 0x0136, 2, 1),
    run(0x0139, 0x0147, 2, 1),
    run(0x014a, 0x0176, 2, 1),
    run(0x0178, 0x0178, 1, -121),
    run(0x0179, 0x017d, 2, 1),
    run(0x0181, 0x0181, 1, 210),
    run(0x0182, 0x0184, 2, 1),
    run(0x0186, 0x0186, 1, 206),
    run(0x0187, 0x0187, 1, 1),
    run(0x0189, 0x018a, 1, 205),
    run(0x018b, 0x018b, 1, 1),
    run(0x018e, 0x018e, 1, 79),
    run(0x018f, 0x018f, 1, 202),
    run(0x0190, 0x0190, 1, 203),
    run(0x0191, 0x0191, 1, 1),
    run(0x0193, 0x0193, 1, 205),
    run(0x0194, 0x0194, 1, 207),
    run(0x0196, 0x0196, 1, 211),
    run(0x0197, 0x0197, 1, 209),
    run(0x0198, 0x0198, 1, 1),
    run(0x019c, 0x019c, 1, 211),
    run(0x019d, 0x019d, 1, 213),
    run(0x019f, 0x019f, 1, 214),
    run(0x01a0, 0x01a4, 2, 1),
    run(0x01a6, 0x01a6, 1, 218),
    run(0x01a7, 0x01a7, 1, 1),
    run(0x01a9, 0x01a9, 1, 218),
    run(0x01ac, 0x01ac, 1, 1),
    run(0x01ae, 0x01ae, 1, 218),
    run(0x01af, 0x01af, 1, 1),
    run(0x01b1, 0x01b2, 1, 217),
    run(0x01b3, 0x01b5, 2, 1),
    run(0x01b7, 0x01b7, 1, 219),
    run(0x01b8, 0x01b8, 1, 1),
    run(0x01bc, 0x01bc, 1, 1),
    run(0x01c4, 0x01c4, 1, 2),
    run(0x01c5, 0x01c5, 1, 1),
    run(0x01c7, 0x01c7, 1, 2),
    run(0x01c8, 0x01c8, 1, 1),
    run(0x01ca, 0x01ca, 1, 2),
    run(0x01cb, 0x01db, 2, 1),
    run(0x01de, 0x01ee, 2, 1),
    run(0x01f1, 0x01f1, 1, 2),
    run(0x01f2, 0x01f4, 2, 1),
    run(0x01f6, 0x01f6, 1, -97),
    run(0x01f7, 0x01f7, 1, -56),
    run(0x01f8, 0x021e, 2, 1),
    run(0x0220, 0x0220, 1, -130),
    run(0x0222, 0x0232, 2, 1),
    run(0x023a, 0x023a, 1, 10795),
    run(0x023b, 0x023b, 1, 1),
    run(0x023d, 0x023d, 1, -163),
    run(0x023e, 0x023e, 1, 10792),
    run(0x0241, 0x0241, 1, 1),
    run(0x0243, 0x0243, 1, -195),
    run(0x0244, 0x0244, 1, 69),
    run(0x0245, 0x0245, 1, 71),
    run(0x0246, 0x024e, 2, 1),
    run(0x0370, 0x0372, 2, 1),
    run(0x0376, 0x0376, 1, 1),
    run(0x037f, 0x037f, 1, 116),
    run(0x0386, 0x0386, 1, 38),
    run(0x0388, 0x038a, 1, 37),
    run(0x038c, 0x038c, 1, 64),
    run(0x038e, 0x038f, 1, 63),
    run(0x0391, 0x03a1, 1, 32),
    run(0x03a3, 0x03ab, 1, 32),
    run(0x03cf, 0x03cf, 1, 8),
    run(0x03d8, 0x03ee, 2, 1),
    run(0x03f4, 0x03f4, 1, -60),
    run(0x03f7, 0x03f7, 1, 1),
    run(0x03f9, 0x03f9, 1, -7),
    run(0x03fa, 0x03fa, 1, 1),
    run(0x03fd, 0x03ff, 1, -130),
    run(0x0400, 0x040f, 1, 80),
    run(0x0410, 0x042f, 1, 32),
    run(0x0460, 0x0480, 2, 1),
    run(0x048a, 0x04be, 2, 1),
    run(0x04c0, 0x04c0, 1, 15),
    run(0x04c1, 0x04cd, 2, 1),
    run(0x04d0, 0x052e, 2, 1),
    run(0x0531, 0x0556, 1, 48),
    run(0x10a0, 0x10c5, 1, 7264),
    run(0x10c7, 0x10c7, 1, 7264),
    run(0x10cd, 0x10cd, 1, 7264),
    run(0x13a0, 0x13ef, 1, 38864),
    run(0x13f0, 0x13f5, 1, 8),
    run(0x1c89, 0x1c89, 1, 1),
    run(0x1c90, 0x1cba, 1, -3008),
    run(0x1cbd, 0x1cbf, 1, -3008),
    run(0x1e00, 0x1e94, 2, 1),
    run(0x1e9e, 0x1e9e, 1, -7615),
    run(0x1ea0, 0x1efe, 2, 1),
    run(0x1f08, 0x1f0f, 1, -8),
    run(0x1f18, 0x1f1d, 1, -8),
    run(0x1f28, 0x1f2f, 1, -8),
    run(0x1f38, 0x1f3f, 1, -8),
    run(0x1f48, 0x1f4d, 1, -8),
    run(0x1f59, 0x1f5f, 2, -8),
    run(0x1f68, 0x1f6f, 1, -8),
    run(0x1f88, 0x1f8f, 1, -8),
    run(0x1f98, 0x1f9f, 1, -8),
    run(0x1fa8, 0x1faf, 1, -8),
    run(0x1fb8, 0x1fb9, 1, -8),
    run(0x1fba, 0x1fbb, 1, -74),
    run(0x1fbc, 0x1fbc, 1, -9),
    run(0x1fc8, 0x1fcb, 1, -86),
    run(0x1fcc, 0x1fcc, 1, -9),
    run(0x1fd8, 0x1fd9, 1, -8),
    run(0x1fda, 0x1fdb, 1, -100),
    run(0x1fe8, 0x1fe9, 1, -8),
    run(0x1fea, 0x1feb, 1, -112),
    run(0x1fec, 0x1fec, 1, -7),
    run(0x1ff8, 0x1ff9, 1, -128),
    run(0x1ffa, 0x1ffb, 1, -126),
    run(0x1ffc, 0x1ffc, 1, -9),
    run(0x2126, 0x2126, 1, -7517),
    run(0x212a, 0x212a, 1, -8383),
    run(0x212b, 0x212b, 1, -8262),
    run(0x2132, 0x2132, 1, 28),
    run(0x2160, 0x216f, 1, 16),
    run(0x2183, 0x2183, 1, 1),
    run(0x24b6, 0x24cf, 1, 26),
    run(0x2c00, 0x2c2f, 1, 48),
    run(0x2c60, 0x2c60, 1, 1),
    run(0x2c62, 0x2c62, 1, -10743),
    run(0x2c63, 0x2c63, 1, -3814),
    run(0x2c64, 0x2c64, 1, -10727),
    run(0x2c67, 0x2c6b, 2, 1),
    run(0x2c6d, 0x2c6d, 1, -10780),
    run(0x2c6e, 0x2c6e, 1, -10749),
    run(0x2c6f, 0x2c6f, 1, -10783),
    run(0x2c70, 0x2c70, 1, -10782),
    run(0x2c72, 0x2c72, 1, 1),
    run(0x2c75, 0x2c75, 1, 1),
    run(0x2c7e, 0x2c7f, 1, -10815),
    run(0x2c80, 0x2ce2, 2, 1),
    run(0x2ceb, 0x2ced, 2, 1),
    run(0x2cf2, 0x2cf2, 1, 1),
    run(0xa640, 0xa66c, 2, 1),
    run(0xa680, 0xa69a, 2, 1),
    run(0xa722, 0xa72e, 2, 1),
    run(0xa732, 0xa76e, 2, 1),
    run(0xa779, 0xa77b, 2, 1),
    run(0xa77d, 0xa77d, 1, -35332),
    run(0xa77e, 0xa786, 2, 1),
    run(0xa78b, 0xa78b, 1, 1),
    run(0xa78d, 0xa78d, 1, -42280),
    run(0xa790, 0xa792, 2, 1),
    run(0xa796, 0xa7a8, 2, 1),
    run(0xa7aa, 0xa7aa, 1, -42308),
    run(0xa7ab, 0xa7ab, 1, -42319),
    run(0xa7ac, 0xa7ac, 1, -42315),
    run(0xa7ad, 0xa7ad, 1, -42305),
    run(0xa7ae, 0xa7ae, 1, -42308),
    run(0xa7b0, 0xa7b0, 1, -42258),
    run(0xa7b1, 0xa7b1, 1, -42282),
    run(0xa7b2, 0xa7b2, 1, -42261),
    run(0xa7b3, 0xa7b3, 1, 928),
    run(0xa7b4, 0xa7c2, 2, 1),
    run(0xa7c4, 0xa7c4, 1, -48),
    run(0xa7c5, 0xa7c5, 1, -42307),
    run(0xa7c6, 0xa7c6, 1, -35384),
    run(0xa7c7, 0xa7c9, 2, 1),
    run(0xa7cb, 0xa7cb, 1, -42343),
    run(0xa7cc, 0xa7da, 2, 1),
    run(0xa7dc, 0xa7dc, 1, -42561),
    run(0xa7f5, 0xa7f5, 1, 1),
    run(0xff21, 0xff3a, 1, 32),
    run(0x10400, 0x10427, 1, 40),
    run(0x104b0, 0x104d3, 1, 40),
    run(0x10570, 0x1057a, 1, 39),
    run(0x1057c, 0x1058a, 1, 39),
    run(0x1058c, 0x10592, 1, 39),
    run(0x10594, 0x10595, 1, 39),
    run(0x10c80, 0x10cb2, 1, 64),
    run(0x10d50, 0x10d65, 1, 32),
    run(0x118a0, 0x118bf, 1, 32),
    run(0x16e40, 0x16e5f, 1, 32),
    run(0x16ea0, 0x16eb8, 1, 27),
    run(0x1e900, 0x1e921, 1, 34),
];

/// The one char whose small letter is two chars.
const LOWER_MULTI: [Multi; 1] = [multi('\u{130}', "\u{69}\u{307}")];

/// A letter whose other case is two or three chars, all below U+10000
/// (as every one is): `[letter, first, second, third or 0]`. Eight bytes; a
/// `(char, &str)` was twelve, with its text beside it.
type Multi = [u16; 4];

/// [`Multi`] of a letter and its other case; one that does not fit stops
/// the build.
const fn multi(c: char, other: &str) -> Multi {
    let b = other.as_bytes();
    let mut out = [0; 4];
    assert!((c as u32) < 1 << 16);
    out[0] = c as u32 as u16;
    let (mut i, mut n) = (0, 1);
    while i < b.len() {
        // UTF-8 of a char below U+10000: one, two or three bytes.
        let (u, len) = if b[i] < 0x80 {
            (b[i] as u32, 1)
        } else if b[i] < 0xe0 {
            (((b[i] & 0x1f) as u32) << 6 | (b[i + 1] & 0x3f) as u32, 2)
        } else {
            assert!(b[i] < 0xf0);
            let high = ((b[i] & 0x0f) as u32) << 12 | ((b[i + 1] & 0x3f) as u32) << 6;
            (high | (b[i + 2] & 0x3f) as u32, 3)
        };
        assert!(n < 4);
        out[n] = u as u16;
        n += 1;
        i += len;
    }
    out
}

/// The chars of a [`Multi`]'s other case.
fn other_case(m: &'static [u16]) -> impl Iterator<Item = char> {
    m.iter()
        .take_while(|&&u| u != 0)
        .filter_map(|&u| char::from_u32(u32::from(u)))
}

enum Case {
    One(char),
    Many(&'static Multi),
}

/// The most chars between the first and last of any of `runs`.
const fn widest(runs: &[Run]) -> u32 {
    let (mut i, mut w) = (0, 0);
    while i < runs.len() {
        if runs[i].0 >> 1 & 0xff > w {
            w = runs[i].0 >> 1 & 0xff;
        }
        i += 1;
    }
    w
}

const UPPER_WIDEST: u32 = widest(&UPPER_RUNS);
const LOWER_WIDEST: u32 = widest(&LOWER_RUNS);

fn map(runs: &[Run], widest: u32, multi: &'static [Multi], c: char) -> Case {
    if let Some(many) = multi.iter().find(|m| u32::from(m[0]) == u32::from(c)) {
        return Case::Many(many);
    }
    let n = u32::from(c);
    // Of the runs that start at or before `n` (a binary search), the
    // nearest few: none spans more than `widest` chars.
    let end = runs.partition_point(|&r| span(r).0 <= n);
    for &(packed, delta) in runs[..end].iter().rev() {
        let (first, last, step) = span((packed, delta));
        if n - first > widest {
            break;
        }
        if n <= last && (n - first) % step == 0 {
            // Always a char (the test tries every one).
            return Case::One(char::from_u32(n.wrapping_add_signed(delta)).unwrap_or(c));
        }
    }
    Case::One(c)
}

/// Appends what `c.to_uppercase()` gives.
pub fn push_upper(out: &mut String, c: char) {
    match map(&UPPER_RUNS, UPPER_WIDEST, &UPPER_MULTI, c) {
        Case::One(one) => out.push(one),
        Case::Many(many) => out.extend(other_case(&many[1..])),
    }
}

/// What `c.to_lowercase()` gives.
pub fn lower(c: char) -> impl Iterator<Item = char> {
    let (one, many): (_, &'static [u16]) = match map(&LOWER_RUNS, LOWER_WIDEST, &LOWER_MULTI, c) {
        Case::One(one) => (Some(one), &[]),
        Case::Many(many) => (None, &many[1..]),
    };
    one.into_iter().chain(other_case(many))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tables as they should be for this toolchain's Unicode.
    fn tables(name: &str, case: fn(char) -> String) -> String {
        let mut runs: Vec<(u32, u32, u32, i64)> = Vec::new();
        let mut multi = Vec::new();
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let other = case(c);
            if other.chars().count() > 1 {
                let escaped: String = other
                    .chars()
                    .map(|u| format!("\\u{{{:x}}}", u32::from(u)))
                    .collect();
                multi.push(format!(
                    "    multi('\\u{{{:x}}}', \"{escaped}\"),\n",
                    u32::from(c)
                ));
                continue;
            }
            if other == c.to_string() {
                continue;
            }
            let n = u32::from(c);
            let delta = i64::from(other.chars().map(u32::from).sum::<u32>()) - i64::from(n);
            match runs.last_mut() {
                Some((f, l, s, d))
                    if *d == delta && ((f == l && n - *l <= 2) || (f != l && n - *l == *s)) =>
                {
                    *s = n - *l;
                    *l = n;
                }
                _ => runs.push((n, n, 1, delta)),
            }
        }
        let mut out = format!("const {name}_RUNS: [Run; {}] = [\n", runs.len());
        for (f, l, s, d) in &runs {
            out += &format!("    run(0x{f:04x}, 0x{l:04x}, {s}, {d}),\n");
        }
        out += &format!("];\nconst {name}_MULTI: [Multi; {}] = [\n", multi.len());
        out + &multi.concat() + "];\n"
    }

    #[test]
    fn every_char_changes_case_as_core_says() {
        let chars = || (0..=u32::from(char::MAX)).filter_map(char::from_u32);
        let upper = chars()
            .filter(|&c| {
                let mut ours = String::new();
                push_upper(&mut ours, c);
                ours != c.to_uppercase().collect::<String>()
            })
            .count();
        let lower = chars().filter(|&c| lower(c).ne(c.to_lowercase())).count();
        assert_eq!(
            (upper, lower),
            (0, 0),
            "chars that differ; the tables for this toolchain:\n{}{}",
            tables("UPPER", |c| c.to_uppercase().collect()),
            tables("LOWER", |c| c.to_lowercase().collect()),
        );
    }
}
