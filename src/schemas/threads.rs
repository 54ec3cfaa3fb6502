//! Schemas of message text: the thread detail read by `thread_contents`, and the plain-text
//! rendering the connector adds to every stream with message text when `plain_text` is on.

use schemars::JsonSchema;
use serde_json::{Map, Value, json};

use super::objects::Thread;

/// A thread's detail: the whole message and its type, with the ids of its ticket (added by
/// the connector) and of itself (`id`).
#[derive(JsonSchema)]
pub struct ThreadContent {
    #[serde(flatten)]
    pub thread: Thread,
}

/// Declares `contentPlainText` on streams whose rows hold message text (the stream table's
/// `content`), so destinations type the member the `plain_text` option adds.
pub(super) fn declare_plain_text(stream: &str, props: &mut Map<String, Value>) {
    if crate::streams::find(stream).is_some_and(|d| d.content.is_some()) {
        props.entry("contentPlainText").or_insert_with(|| {
            json!({
                "type": ["null", "string"],
                "description": "Plain text of an HTML `content` (tags, scripts and styles \
                                removed, entities decoded, one line per paragraph, line break \
                                and list item), added by the connector when the `plain_text` \
                                option is on; `content` is always kept as Zoho sent it."
            })
        });
    }
}
