//! Logged e-mails (`crm log-email --eml`): the message's Message-ID, so logging the same
//! message twice adds nothing, and a reply finds the interaction it answers.
pub(super) const MESSAGE_IDS: &str = r#"
ALTER TABLE interactions ADD COLUMN message_id TEXT;
CREATE UNIQUE INDEX interactions_message_id ON interactions(message_id) WHERE message_id IS NOT NULL;
"#;
