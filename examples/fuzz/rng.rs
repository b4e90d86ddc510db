//! The deterministic random source (xorshift64) and the byte- and
//! text-level mutations shared by the targets.

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A generator for one target: the run's seed mixed with the target's
    /// name, so a target run alone sees the same inputs as in a full run.
    pub fn for_target(seed: u64, target: &str) -> Rng {
        let h =
            target.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
        let mut rng = Rng((seed ^ h) | 1);
        rng.next();
        rng
    }

    /// True once in `n` calls, on average.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| (self.next() & 0xFF) as u8).collect()
    }

    /// A mutation of `base`: flipped bytes, a cut, a splice, or duplicated bytes.
    pub fn mutate(&mut self, base: &[u8]) -> Vec<u8> {
        let mut v = base.to_vec();
        for _ in 0..=self.below(4) {
            if v.is_empty() {
                break;
            }
            let at = self.below(v.len());
            match self.below(5) {
                0 => v[at] ^= 1 << self.below(8),
                1 => v.truncate(at),
                2 => {
                    let n = self.below(16) + 1;
                    let extra = self.bytes(n);
                    v.splice(at..at, extra);
                }
                3 => {
                    let end = (at + self.below(64)).min(v.len());
                    let copy = v[at..end].to_vec();
                    v.splice(at..at, copy);
                }
                _ => {
                    let end = (at + self.below(32)).min(v.len());
                    v.drain(at..end);
                }
            }
        }
        v
    }

    /// Text built from pieces that mean something to Typst, Markdown and TOML.
    pub fn text(&mut self) -> String {
        const PIECES: [&str; 40] = [
            "#",
            "*",
            "_",
            "$",
            "<",
            ">",
            "@",
            "[",
            "]",
            "{",
            "}",
            "//",
            "/*",
            "*/",
            "\\",
            "\"",
            "'",
            "`",
            "```",
            "~",
            "-",
            "- ",
            "1. ",
            "+ ",
            "=",
            "==",
            "\n",
            "\n\n",
            "  ",
            "\t",
            "å",
            "ä",
            "ö",
            "😀",
            "\u{202e}",
            "\u{0}",
            "#set page(width: 1cm)",
            "**fet**",
            "*kursiv*",
            "]\"#",
        ];
        let mut s = String::new();
        for _ in 0..=self.below(12) {
            if self.below(3) == 0 {
                let c = char::from_u32(u32::try_from(self.next() % 0x3000).unwrap_or(65)).unwrap_or('x');
                s.push(c);
            } else {
                s.push_str(PIECES[self.below(PIECES.len())]);
            }
        }
        s
    }
}

/// Characters whose lower- or upper-case form has another length in UTF-8
/// (or several characters): text sliced with byte offsets found in a
/// case-folded copy breaks on them.
pub const CASE_FOLD: [&str; 8] =
    ["\u{130}", "\u{212A}", "\u{212B}", "\u{2126}", "\u{DF}", "\u{FB01}", "\u{1E9E}", "\u{3A3}"];

/// Replaces letters of `s` by case-fold troublemakers that look like them
/// (K → Kelvin sign, Å → Ångström sign, i → İ, ss → ß …), or inserts one.
pub fn case_fold_mix(rng: &mut Rng, s: &str) -> String {
    let subs: [(&str, &str); 8] = [
        ("k", "\u{212A}"),
        ("K", "\u{212A}"),
        ("å", "\u{212B}"),
        ("Å", "\u{212B}"),
        ("i", "\u{130}"),
        ("ss", "\u{DF}"),
        ("fi", "\u{FB01}"),
        ("o", "\u{2126}"),
    ];
    let (from, to) = subs[rng.below(subs.len())];
    if s.contains(from) && !rng.one_in(4) {
        if rng.one_in(2) { s.replacen(from, to, 1) } else { s.replace(from, to) }
    } else {
        let cut: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
        let at = cut[rng.below(cut.len())];
        format!("{}{}{}", &s[..at], CASE_FOLD[rng.below(CASE_FOLD.len())], &s[at..])
    }
}

/// Words the readers look for: heading labels, column headers, sheet and
/// field names, phases, statuses and kinds.
pub const DOMAIN: [&str; 40] = [
    "Avdelning/Enhet:",
    "Avdelning:",
    "Enhet:",
    "Datum:",
    "Ansvarig chef:",
    "Fas",
    "Vad ska vi uppnå?",
    "Aktivitet",
    "Måldatum",
    "Ansvarig",
    "Resurser",
    "Uppföljning / Kommentar",
    "Klart senast",
    "Dokument",
    "Text",
    "Översikt",
    "Instruktioner",
    "Fält",
    "Värde",
    "Dokumenttyp",
    "Titel",
    "Faser",
    "Avdelning",
    "Nivå",
    "Rubrik",
    "Rekrytera",
    "Utveckla",
    "Behålla",
    "Avveckla",
    "Pågår",
    "Genomfört",
    "Ej påbörjad",
    "uppfoljning",
    "delarsrapport",
    "presentation",
    "Insatser",
    "Bilder",
    "Status",
    "Mål",
    "Kommunövergripande mål:",
];

/// Text for a field: domain words with case-fold characters, punctuation,
/// dates and numbers in odd forms, control characters, long runs.
pub fn field_text(rng: &mut Rng) -> String {
    const ODD: [&str; 34] = [
        "",
        " ",
        ".",
        "-",
        "…",
        "?",
        ":",
        "*",
        "\u{A0}",
        "\u{200B}",
        "\u{FEFF}",
        "\u{202E}",
        "\u{1b}]0;titel\u{7}",
        "\u{1b}[2J",
        "\r\n",
        "\n",
        "\t",
        "2023-01-0ä",
        "2023-13-45",
        "0000-00-00",
        "1899-12-31",
        "10000-01-01",
        "2021-11-24",
        "v. 47 2023",
        "Q3 2024",
        "ht 2023",
        "1e308",
        "-0",
        "NaN",
        "9223372036854775808",
        "😀",
        "שלום",
        "مرحبا",
        "中文",
    ];
    let mut s = String::new();
    for _ in 0..=rng.below(3) {
        match rng.below(6) {
            0 | 1 => s.push_str(DOMAIN[rng.below(DOMAIN.len())]),
            2 | 3 => s.push_str(ODD[rng.below(ODD.len())]),
            4 => s = case_fold_mix(rng, &s),
            _ => s.push_str(&rng.text()),
        }
        if rng.one_in(3) {
            s.push(' ');
        }
    }
    if rng.one_in(40) {
        let n = [300, 5000, 33_000, 100_000][rng.below(4)];
        let unit = if s.is_empty() { "x".to_string() } else { s.clone() };
        s = unit.repeat(n / unit.len().max(1) + 1);
    }
    s
}
