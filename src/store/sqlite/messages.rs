//! The SQL for e-mail Message-IDs on interactions (`crm log-email --eml`).

use crate::store::db::{params, Optional};

use super::{Reader, Tx};
use crate::domain::*;

/// An interaction found by the Message-ID it was logged from, and the case it is filed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoggedMessage {
    pub interaction: InteractionId,
    pub contact: ContactId,
    pub case: Option<i64>,
}

impl Reader<'_> {
    /// The interaction logged from the message with this Message-ID, if any.
    pub fn logged_message(&self, message_id: &str) -> Result<Option<LoggedMessage>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, contact_id, case_id FROM interactions WHERE message_id = ?1",
            )?
            .query_row([message_id], |r| {
                Ok(LoggedMessage {
                    interaction: InteractionId(r.get(0)?),
                    contact: ContactId(r.get(1)?),
                    case: r.get(2)?,
                })
            })
            .optional()?)
    }
}

impl Tx<'_> {
    /// Stores the Message-ID an interaction was logged from (unique: a second message
    /// with the same id is refused by the index).
    pub fn set_message_id(&self, interaction: InteractionId, message_id: &str) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE interactions SET message_id = ?2 WHERE id = ?1")?
            .execute(params![interaction.0, message_id])?;
        Ok(())
    }
}
