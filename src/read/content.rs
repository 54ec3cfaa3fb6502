//! Message text in rows (`StreamDef::content`): a row Zoho flags as truncated is replaced by the
//! answer of the endpoint that returns the whole text, and with the `plain_text` option an HTML
//! text gets a plain-text rendering spliced in as `contentPlainText`. Zoho's own members are
//! never rewritten: a row is either passed through, replaced by another Zoho answer, or gets one
//! member added.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::value::RawValue;

use super::{Ancestors, Ctx, fill_path, splice, text};
use crate::client::Request;
use crate::error::{Error, Result};
use crate::streams::{Content, StreamDef};

/// Key of the plain-text rendering the connector adds.
pub const PLAIN_TEXT_KEY: &str = "contentPlainText";

/// The rows to emit in place of `rows`, or `None` when they pass through unchanged.
pub(super) async fn prepare(
    ctx: &Ctx,
    def: &StreamDef,
    rows: &[&RawValue],
    anc: &Ancestors,
) -> Result<Option<Vec<Box<RawValue>>>> {
    let Some(content) = def.content else {
        return Ok(None);
    };
    let plain = ctx.config.plain_text;
    if !plain && content.truncated.is_none() {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(rows.len());
    let mut changed = false;
    for row in rows {
        let mut text: Cow<'_, str> = Cow::Borrowed(row.get());
        if let Some((flag, path)) = content.truncated
            && members(&text, def)?.flag(flag)
            && let Some(full) = full_text(ctx, def, path, anc).await?
        {
            text = Cow::Owned(full);
        }
        if plain && let Some(rendered) = plain_text(&text, content, def)? {
            text = Cow::Owned(splice(&text, PLAIN_TEXT_KEY, &rendered));
        }
        changed |= matches!(text, Cow::Owned(_));
        out.push(text);
    }
    if !changed {
        return Ok(None);
    }
    out.into_iter()
        .map(|t| {
            RawValue::from_string(t.into_owned()).map_err(|e| Error::Decode {
                request: def.path.to_string(),
                message: format!("a `{}` row is not JSON: {e}", def.name),
            })
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

/// The top-level members of a row, unparsed.
struct Members<'a>(HashMap<Cow<'a, str>, &'a RawValue>);

impl Members<'_> {
    fn flag(&self, key: &str) -> bool {
        self.0.get(key).is_some_and(|v| v.get() == "true")
    }

    fn string(&self, key: &str) -> Option<String> {
        self.0
            .get(key)
            .and_then(|v| serde_json::from_str::<Option<String>>(v.get()).ok())
            .flatten()
    }
}

fn members<'a>(row: &'a str, def: &StreamDef) -> Result<Members<'a>> {
    serde_json::from_str(row)
        .map(Members)
        .map_err(|e| Error::Decode {
            request: def.path.to_string(),
            message: format!("a `{}` row is not a JSON object: {e}", def.name),
        })
}

/// The whole record from `path` (Zoho's full-content endpoint), or `None` when Zoho has no
/// full text for it (404): the row then keeps its truncation flag, which tells users.
async fn full_text(
    ctx: &Ctx,
    def: &StreamDef,
    path: &'static str,
    anc: &Ancestors,
) -> Result<Option<String>> {
    let filled = fill_path(path, anc);
    let req = Request {
        path: &filled,
        query: &[],
        org: def.org_header,
        stream: Some(def.name),
    };
    let request = format!("GET /api/v1{filled}");
    let body = match ctx.client.get(&req).await {
        Ok(Some(body)) => body,
        Ok(None) => {
            return Err(Error::Decode {
                request,
                message: "answered no content for a thread Zoho flags as truncated; \
                          stopping rather than emit a cut text as complete"
                    .into(),
            });
        }
        Err(Error::Http { status: 404, .. }) => {
            tracing::warn!(
                "{request} answered 404: the `{}` row keeps its truncated text, flagged by \
                 isContentTruncated",
                def.name
            );
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    let text = std::str::from_utf8(&body).map_err(|e| Error::Decode {
        request: request.clone(),
        message: format!("the answer is not UTF-8: {e}"),
    })?;
    let field = def.content.map_or("content", |c| c.field);
    let has_text = members(text, def)
        .map_err(|_| Error::Decode {
            request: request.clone(),
            message: "the answer is not a JSON object".into(),
        })?
        .0
        .contains_key(field);
    if !has_text {
        return Err(Error::Decode {
            request,
            message: format!("the answer has no `{field}` (an error body with HTTP 200?)"),
        });
    }
    Ok(Some(text.to_string()))
}

/// The plain-text rendering of the row's text when it is HTML and the row has none yet.
fn plain_text(row: &str, content: Content, def: &StreamDef) -> Result<Option<String>> {
    let m = members(row, def)?;
    if m.0.contains_key(PLAIN_TEXT_KEY) {
        return Ok(None);
    }
    let is_html = m
        .string(content.type_field)
        .is_some_and(|t| t.to_ascii_lowercase().contains("html"));
    if !is_html {
        return Ok(None);
    }
    Ok(m.string(content.field)
        .map(|html| text::html_to_text(&html)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const THREAD: Content = Content {
        field: "content",
        type_field: "contentType",
        truncated: None,
    };

    fn def() -> &'static StreamDef {
        crate::streams::find("ticket_comments").expect("row")
    }

    #[test]
    fn only_html_text_gets_a_rendering() {
        let html = r#"{"id":"1","contentType":"html","content":"<p>a &amp; b</p>"}"#;
        assert_eq!(
            plain_text(html, THREAD, def()).unwrap(),
            Some("a & b".to_string())
        );
        let plain = r#"{"id":"1","contentType":"plainText","content":"<p>as typed</p>"}"#;
        assert_eq!(plain_text(plain, THREAD, def()).unwrap(), None);
        let typed = r#"{"contentType":"text/HTML","content":null}"#;
        assert_eq!(plain_text(typed, THREAD, def()).unwrap(), None);
        let done = r#"{"contentPlainText":"x","contentType":"html","content":"<b>y</b>"}"#;
        assert_eq!(plain_text(done, THREAD, def()).unwrap(), None);
    }

    #[test]
    fn the_flag_is_read_as_a_json_boolean() {
        let row = r#"{"isContentTruncated":true,"b":"false"}"#;
        let m = members(row, def()).unwrap();
        assert!(m.flag("isContentTruncated"));
        assert!(!m.flag("b"));
        assert!(!m.flag("missing"));
        assert!(members("[1]", def()).is_err());
    }
}
