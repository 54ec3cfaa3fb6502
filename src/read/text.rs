//! Plain text from HTML message bodies, for users who feed text to search or language models.
//!
//! Not an HTML parser: e-mail bodies are often broken HTML, so this reads tags and text in one
//! forgiving pass. What it keeps is what a reader sees: text with entities decoded, whitespace
//! collapsed as a browser does (kept inside `<pre>`), one line per `<br>`, block element and
//! list item (`- `), and a blank line between paragraphs. Scripts, styles, the `<head>` and
//! comments are dropped; a `<` that starts no tag stays text.

/// Elements whose content is not text a reader sees.
const HIDDEN: &[&str] = &["script", "style", "head", "title", "template", "noscript"];
/// Elements that start and end a paragraph (a blank line around them).
const PARAGRAPHS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "ul",
    "ol",
    "table",
    "pre",
    "hr",
];
/// Elements that start and end a line.
const LINES: &[&str] = &[
    "div", "tr", "li", "dd", "dt", "section", "article", "header", "footer", "address", "form",
    "fieldset", "figure", "nav", "main", "aside", "center", "body", "html", "caption",
];
/// Cells are separated by a tab so table rows stay one line each.
const CELLS: &[&str] = &["td", "th"];

/// The text a reader sees in `html`.
pub fn html_to_text(html: &str) -> String {
    let mut w = Writer::default();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        w.text(&rest[..lt]);
        let after = &rest[lt..];
        if let Some(body) = after.strip_prefix("<!--") {
            rest = body.find("-->").map_or("", |end| &body[end + 3..]);
            continue;
        }
        let Some((tag, len)) = read_tag(after) else {
            w.text("<");
            rest = &after[1..];
            continue;
        };
        rest = &after[len..];
        if !tag.closing && HIDDEN.contains(&tag.name.as_str()) && !tag.self_closing {
            rest = skip_element(rest, &tag.name);
            continue;
        }
        w.tag(&tag);
    }
    w.text(rest);
    w.finish()
}

struct Tag {
    /// Lower case; empty for `<!DOCTYPE>` and `<?xml?>`.
    name: String,
    closing: bool,
    self_closing: bool,
}

/// Reads a tag at the start of `s` (`<name ...>`, `</name>`, `<!...>`, `<?...>`): the tag and
/// its length, or `None` when the `<` starts no tag (`a < b`) or the tag never ends.
fn read_tag(s: &str) -> Option<(Tag, usize)> {
    let inner = &s[1..];
    let (closing, name_start) = match inner.chars().next()? {
        '/' => (true, &inner[1..]),
        '!' | '?' => {
            let end = inner.find('>')?;
            let tag = Tag {
                name: String::new(),
                closing: false,
                self_closing: true,
            };
            return Some((tag, end + 2));
        }
        _ => (false, inner),
    };
    if !name_start.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let name: String = name_start
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    // The end is the first `>` outside a quoted attribute value.
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => {
                let self_closing = s[..i].ends_with('/');
                return Some((
                    Tag {
                        name,
                        closing,
                        self_closing,
                    },
                    i + 1,
                ));
            }
            (None, _) => {}
        }
    }
    None
}

/// What follows the end tag of `name` in `s` (all of `s` is skipped when it never ends).
fn skip_element<'a>(s: &'a str, name: &str) -> &'a str {
    let lower = s.to_ascii_lowercase();
    let needle = format!("</{name}");
    let mut from = 0;
    while let Some(at) = lower[from..].find(&needle) {
        let start = from + at;
        let after = &lower[start + needle.len()..];
        // `</styles>` is not the end of `<style>`.
        if !after.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return match s[start..].find('>') {
                Some(gt) => &s[start + gt + 1..],
                None => "",
            };
        }
        from = start + needle.len();
    }
    ""
}

#[derive(Default)]
struct Writer {
    out: String,
    /// Whitespace seen since the last text: one space is written before the next text.
    space: bool,
    /// Newlines owed before the next text (1 = new line, 2 = blank line).
    breaks: usize,
    pre: usize,
    /// Cells already on this table row.
    cells: usize,
}

impl Writer {
    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let decoded = decode_entities(raw);
        if self.pre > 0 {
            self.flush_breaks();
            self.out.push_str(&decoded);
            return;
        }
        for c in decoded.chars() {
            if is_html_space(c) {
                self.space = true;
                continue;
            }
            if self.breaks > 0 {
                self.flush_breaks();
            } else if self.space && !self.out.ends_with([' ', '\t', '\n']) && !self.out.is_empty() {
                self.out.push(' ');
            }
            self.space = false;
            self.out.push(c);
        }
    }

    fn tag(&mut self, tag: &Tag) {
        let name = tag.name.as_str();
        if name == "br" {
            // A hard break: every one counts, two make a blank line.
            self.breaks += 1;
            self.space = false;
            return;
        }
        if name == "pre" {
            if tag.closing {
                self.pre = self.pre.saturating_sub(1);
            } else if !tag.self_closing {
                self.pre += 1;
            }
        }
        if PARAGRAPHS.contains(&name) {
            self.block(2);
        } else if LINES.contains(&name) {
            self.block(1);
            if name == "tr" {
                self.cells = 0;
            }
            if name == "li" && !tag.closing {
                self.flush_breaks();
                self.out.push_str("- ");
            }
        } else if CELLS.contains(&name) && !tag.closing {
            if self.cells > 0 {
                self.out.push('\t');
                self.space = false;
            }
            self.cells += 1;
        } else if name == "img" {
            self.space = true;
        }
    }

    /// A block boundary: at least `n` newlines before the next text (none at the start).
    fn block(&mut self, n: usize) {
        self.space = false;
        if !self.out.is_empty() {
            self.breaks = self.breaks.max(n);
        }
    }

    fn flush_breaks(&mut self) {
        if self.breaks == 0 {
            return;
        }
        if !self.out.is_empty() {
            let trimmed = self.out.trim_end_matches([' ', '\t']).len();
            self.out.truncate(trimmed);
            let have = self.out.len() - self.out.trim_end_matches('\n').len();
            for _ in have..self.breaks.min(2).max(have) {
                self.out.push('\n');
            }
        }
        self.breaks = 0;
        self.space = false;
    }

    fn finish(self) -> String {
        self.out.trim_end().to_string()
    }
}

/// Whitespace as HTML collapses it (a no-break space is text, kept as a space).
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

const NAMED: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", " "),
    ("shy", ""),
    ("zwnj", ""),
    ("zwj", ""),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("hellip", "…"),
    ("mdash", "—"),
    ("ndash", "–"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("bull", "•"),
    ("middot", "·"),
    ("deg", "°"),
    ("times", "×"),
    ("divide", "÷"),
    ("euro", "€"),
    ("pound", "£"),
    ("yen", "¥"),
    ("cent", "¢"),
    ("sect", "§"),
    ("para", "¶"),
];

/// Decodes `&name;`, `&#123;` and `&#x1F4A9;`; anything else (`AT&T`, `&unknown;`) stays as
/// written, and a number that is no character becomes U+FFFD.
fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after
            .char_indices()
            .take(32)
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '#'))
            .filter(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| {
            let name = &after[..end];
            let ch = if let Some(num) = name.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse::<u32>().ok(),
                };
                let c = code
                    .and_then(char::from_u32)
                    .filter(|c| *c != '\0')
                    .unwrap_or('\u{fffd}');
                Some(if c == '\u{a0}' { ' ' } else { c }.to_string())
            } else {
                NAMED
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_string())
            };
            ch.map(|c| (c, end + 1))
        });
        match decoded {
            Some((text, used)) => {
                out.push_str(&text);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lines_and_lists() {
        let html = "<div>Hello <b>Mia</b>,</div><p>Line one<br>Line two<br/><br />After a gap</p>\
                    <ul><li>first</li><li>second <i>item</i></li></ul><p>Thanks</p>";
        assert_eq!(
            html_to_text(html),
            "Hello Mia,\n\nLine one\nLine two\n\nAfter a gap\n\n- first\n- second item\n\nThanks"
        );
    }

    #[test]
    fn whitespace_collapses_except_in_pre() {
        assert_eq!(html_to_text("  a \n\t b   <span> c </span>d "), "a b c d");
        assert_eq!(
            html_to_text("<p>x</p><pre>  keep\n   this</pre><p>y</p>"),
            "x\n\n  keep\n   this\n\ny"
        );
    }

    #[test]
    fn scripts_styles_head_and_comments_are_dropped() {
        let html = "<!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style></head>\
                    <body><!-- hidden --><script>if (a < b) alert(1)</script><p>Seen</p>\
                    <STYLE type='x'>.a>b{}</STYLE>end</body></html>";
        assert_eq!(html_to_text(html), "Seen\n\nend");
    }

    #[test]
    fn entities_decode_and_unknown_ones_stay() {
        assert_eq!(
            html_to_text(
                "AT&amp;T &lt;tag&gt; &quot;q&quot; &#39;s &#x263A; &nbsp;x &bogus; AT&T &#xD800;"
            ),
            "AT&T <tag> \"q\" 's ☺ x &bogus; AT&T \u{fffd}"
        );
    }

    #[test]
    fn a_lone_angle_bracket_is_text_and_broken_tags_do_not_loop() {
        assert_eq!(html_to_text("1 < 2 and 3 > 2"), "1 < 2 and 3 > 2");
        assert_eq!(html_to_text("cut <a href=\"x"), "cut <a href=\"x");
        assert_eq!(html_to_text("<a title='a>b'>link</a>"), "link");
        assert_eq!(html_to_text("<script>never closed"), "");
        assert_eq!(html_to_text("<!-- never closed"), "");
    }

    #[test]
    fn table_rows_are_lines_with_tab_separated_cells() {
        let html =
            "<table><tr><th>Name</th><th>Qty</th></tr><tr><td>Disk</td><td>2</td></tr></table>";
        assert_eq!(html_to_text(html), "Name\tQty\nDisk\t2");
    }

    #[test]
    fn plain_text_is_unchanged_but_trimmed() {
        assert_eq!(html_to_text("just words"), "just words");
        assert_eq!(html_to_text(""), "");
        assert_eq!(html_to_text("<div><br></div>"), "");
    }
}
