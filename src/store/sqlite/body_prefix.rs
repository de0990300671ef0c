//! The start of a long interaction body, read without reading the rest (issue 17: a
//! timeline or list never loads a 200 MB body to show a line of it). SQLite reads the
//! first bytes through incremental blob I/O, which works on TEXT columns and leaves the
//! rest of the value on disk; PostgreSQL's `substr` fetches only a slice of a TOASTed value.

use std::io::Read;

use crate::domain::{InteractionId, Result};
use crate::store::db::Conn;

/// The first `max` bytes of interaction `id`'s body (cut back to a whole character), then
/// `… (N more bytes; crm interaction show ID)`. `total` is the body's length in bytes.
pub(super) fn cut_body(conn: &Conn, id: InteractionId, max: usize, total: usize) -> Result<String> {
    let head = match conn.sqlite() {
        Some(c) => {
            let mut blob = c.blob_open(rusqlite::MAIN_DB, "interactions", "body", id.0, true)?;
            let mut buf = Vec::with_capacity(max);
            (&mut blob).take(max as u64).read_to_end(&mut buf)?;
            buf
        }
        None => {
            // The length written out: PostgreSQL's substr takes an int4, not our int8.
            let text: Option<String> = conn.query_row(
                &format!("SELECT substr(body, 1, {max}) FROM interactions WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )?;
            let mut bytes = text.unwrap_or_default().into_bytes();
            bytes.truncate(max);
            bytes
        }
    };
    let head = whole_chars(head);
    let rest = total.saturating_sub(head.len());
    Ok(format!(
        "{head}… ({rest} more bytes; crm interaction show {id})"
    ))
}

/// The bytes as text, without an unfinished character at the end.
fn whole_chars(mut bytes: Vec<u8>) -> String {
    if let Err(e) = std::str::from_utf8(&bytes) {
        bytes.truncate(e.valid_up_to());
    }
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_never_splits_a_character() {
        assert_eq!(whole_chars("aé".as_bytes()[..2].to_vec()), "a");
        assert_eq!(whole_chars("a東".as_bytes().to_vec()), "a東");
        assert_eq!(whole_chars(Vec::new()), "");
    }
}
