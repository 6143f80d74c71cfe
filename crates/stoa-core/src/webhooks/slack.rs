//! Slack's attachments as integrations send them, made regular (the markup inside them is
//! translated by `commands::text`, shared with command output).

use stoa_model::attachment::SlackAttachment;

/// Drops null attachments and fields, and makes every field value a string (Mattermost's
/// `StringifySlackFieldValue`).
pub(crate) fn normalise(attachments: Vec<Option<SlackAttachment>>) -> Vec<SlackAttachment> {
    attachments
        .into_iter()
        .flatten()
        .map(|mut a| {
            if let Some(fields) = a.fields.take() {
                let kept: Vec<_> = fields
                    .into_iter()
                    .flatten()
                    .map(|mut f| {
                        f.value = match f.value {
                            serde_json::Value::Null => serde_json::Value::Null,
                            serde_json::Value::String(s) => serde_json::Value::String(s),
                            other => serde_json::Value::String(other.to_string()),
                        };
                        f
                    })
                    .map(Some)
                    .collect();
                a.fields = (!kept.is_empty()).then_some(kept);
            }
            a
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use stoa_model::attachment::SlackAttachmentField;

    #[test]
    fn nulls_go_and_field_values_become_strings() {
        let a = SlackAttachment {
            fields: Some(vec![
                None,
                Some(SlackAttachmentField {
                    title: "n".into(),
                    value: serde_json::json!(42),
                    short: true,
                }),
            ]),
            ..Default::default()
        };
        let out = normalise(vec![None, Some(a)]);
        assert_eq!(out.len(), 1);
        let fields = out[0].fields.clone().unwrap_or_default();
        assert_eq!(fields.len(), 1);
        assert_eq!(
            fields[0].as_ref().map(|f| f.value.clone()),
            Some(serde_json::json!("42"))
        );
    }
}
