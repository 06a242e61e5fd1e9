//! Where each line of a file starts and where its characters are, found in one pass, so that
//! many diagnostics in one file (even on one minified line of megabytes) are shown without
//! reading the file again for each.

use std::ops::Range;

/// A checkpoint (the byte offset of a character) every this many characters.
const STEP: usize = 1024;

/// The lines of a text, indexed.
pub(crate) struct Lines<'t> {
    text: &'t str,
    /// The byte offset at which each line starts.
    starts: Vec<usize>,
    /// The index (in the whole text) of the first character of each line.
    first_chars: Vec<usize>,
    /// The byte offset of every `STEP`-th character of the text.
    checkpoints: Vec<usize>,
    /// How many characters the text has.
    chars: usize,
}

/// One line, without its line break (`\n` or `\r\n`).
pub(crate) struct Line {
    /// Where it is in the text, in bytes.
    bytes: Range<usize>,
    /// The index (in the whole text) of its first character.
    first_char: usize,
    /// How many characters it has.
    pub chars: usize,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        let mut first_chars = vec![0];
        let mut checkpoints = Vec::with_capacity(text.len() / STEP + 1);
        let mut chars = 0;
        for (byte, c) in text.char_indices() {
            if chars % STEP == 0 {
                checkpoints.push(byte);
            }
            chars += 1;
            if c == '\n' {
                starts.push(byte + 1);
                first_chars.push(chars);
            }
        }
        Lines {
            text,
            starts,
            first_chars,
            checkpoints,
            chars,
        }
    }

    /// Line `number` (1-based), if the text has it. As with [`str::lines`], a final line break
    /// does not start another line.
    pub fn line(&self, number: usize) -> Option<Line> {
        let index = number.checked_sub(1)?;
        let start = *self.starts.get(index)?;
        if start >= self.text.len() {
            return None;
        }
        let (mut end, mut end_char) = match self.starts.get(index + 1) {
            // Less the `\n`.
            Some(&next) => (next - 1, self.first_chars[index + 1] - 1),
            None => (self.text.len(), self.chars),
        };
        if self.text[start..end].ends_with('\r') {
            end -= 1;
            end_char -= 1;
        }
        let first_char = self.first_chars[index];
        Some(Line {
            bytes: start..end,
            first_char,
            chars: end_char - first_char,
        })
    }

    /// The line's text from its `nth` character (0-based) to its end.
    pub fn rest_from(&self, line: &Line, nth: usize) -> &'t str {
        let at = line.first_char + nth.min(line.chars);
        let checkpoint = at / STEP;
        let from = self.checkpoints.get(checkpoint).copied().unwrap_or(0);
        let skip = at - checkpoint * STEP;
        let rest = &self.text[from..line.bytes.end];
        let offset = rest
            .char_indices()
            .nth(skip)
            .map_or(rest.len(), |(byte, _)| byte);
        &rest[offset..]
    }

    /// The line's text before its `nth` character (0-based).
    pub fn part_before(&self, line: &Line, nth: usize) -> &'t str {
        let rest = self.rest_from(line, nth);
        let end = line.bytes.end - rest.len();
        &self.text[line.bytes.start..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_found_as_str_lines_finds_them() {
        for text in [
            "",
            "a",
            "a\n",
            "a\n\n",
            "a\r\nbc\r\n",
            "a\nb",
            "\n",
            "é\nñ\r\n日本",
        ] {
            let lines = Lines::new(text);
            let expected: Vec<&str> = text.lines().collect();
            for (i, want) in expected.iter().enumerate() {
                let line = lines.line(i + 1).expect("the line");
                assert_eq!(lines.rest_from(&line, 0), *want, "{text:?} line {}", i + 1);
                assert_eq!(line.chars, want.chars().count());
            }
            assert!(lines.line(expected.len() + 1).is_none(), "{text:?}");
            assert!(lines.line(0).is_none());
        }
    }

    #[test]
    fn characters_are_found_past_many_checkpoints() {
        let text = format!("x\n{}", "日本語".repeat(2000));
        let lines = Lines::new(&text);
        let line = lines.line(2).expect("the second line");
        assert_eq!(line.chars, 6000);
        for nth in [0, 1, 1023, 1024, 1025, 4097, 5999, 6000, 7000] {
            let want: String = text.lines().nth(1).unwrap().chars().skip(nth).collect();
            assert_eq!(lines.rest_from(&line, nth), want, "from {nth}");
            let before: String = text.lines().nth(1).unwrap().chars().take(nth).collect();
            assert_eq!(lines.part_before(&line, nth), before, "before {nth}");
        }
    }
}
