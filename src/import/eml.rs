//! One e-mail message (RFC 5322, with MIME) read into what `crm log-email --eml` and
//! `crm contact add --from-email` need: who wrote to whom, when, the subject, the text,
//! and the ids that thread it. The parsing is the `mail-parser` crate's; this module
//! decides what counts as a message and what is kept. No database, no I/O.

use chrono::{DateTime, Utc};
use mail_parser::{Address, HeaderValue, MessageParser};

use crate::domain::{validate, Error, Result};

/// The largest message read: 25 MiB, the limit most mail providers set for a message
/// with its attachments. Anything bigger is refused before it is parsed.
pub const MAX_MESSAGE_BYTES: usize = 25 * 1024 * 1024;

/// A name and an address, as in `Ada Lovelace <ada@example.com>`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mailbox {
    pub name: Option<String>,
    pub address: String,
}

impl std::fmt::Display for Mailbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.name {
            Some(n) => write!(f, "{n} <{}>", self.address),
            None => write!(f, "<{}>", self.address),
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Email {
    /// Encoded words (`=?UTF-8?B?…?=`) decoded.
    pub subject: Option<String>,
    /// The text/plain part, or the HTML part turned into text when there is no plain one.
    pub body: Option<String>,
    /// The Date header; `None` when it is missing or cannot be read.
    pub date: Option<DateTime<Utc>>,
    pub from: Mailbox,
    /// Every From address (RFC 5322 allows several authors); `from` is the first.
    pub from_all: Vec<Mailbox>,
    pub to: Vec<Mailbox>,
    pub cc: Vec<Mailbox>,
    /// Only in a copy of a sent message: the blind copies.
    pub bcc: Vec<Mailbox>,
    /// Without the angle brackets.
    pub message_id: Option<String>,
    /// The messages this one answers: In-Reply-To first, then References newest first.
    pub replies_to: Vec<String>,
}

/// A message's text as kept: at most [`crate::import::MAX_TEXT`] bytes (the limit of
/// every text crm stores), cut at a character, saying how much was left out.
fn kept_text(text: &str) -> String {
    let max = crate::import::MAX_TEXT - 100;
    if text.len() <= crate::import::MAX_TEXT {
        return text.to_string();
    }
    let cut = (0..=max)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    format!(
        "{}\n… (the rest of the message, {} more bytes, was not kept)",
        &text[..cut],
        text.len() - cut
    )
}

/// Reads one message. Refuses one over [`MAX_MESSAGE_BYTES`], one with no header at all
/// (not RFC 5322), and one without a From address.
pub fn parse(raw: &[u8]) -> Result<Email> {
    if raw.len() > MAX_MESSAGE_BYTES {
        return Err(too_big());
    }
    let not_mail = || {
        Error::invalid(
            "this is not an e-mail message (RFC 5322): it has no headers such as From:, Date: and Subject:. Save the whole message (in mutt: pipe-message, or save as .eml) and try again.",
        )
    };
    let msg = MessageParser::default().parse(raw).ok_or_else(not_mail)?;
    let from_all = msg.from().map(mailboxes).unwrap_or_default();
    let Some(from) = from_all.first().cloned() else {
        return Err(if msg.headers().is_empty() {
            not_mail()
        } else {
            Error::invalid("the message has no From address, so it cannot say who wrote it.")
        });
    };
    let date = msg
        .date()
        .filter(|d| d.is_valid())
        .and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0));
    let body = msg
        .body_text(0)
        .map(|b| kept_text(b.replace("\r\n", "\n").trim()))
        .filter(|b| !b.is_empty());
    let mut replies_to = ids(msg.in_reply_to());
    for r in ids(msg.references()).into_iter().rev() {
        if !replies_to.contains(&r) {
            replies_to.push(r);
        }
    }
    Ok(Email {
        subject: msg
            .subject()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty()),
        body,
        date,
        from,
        from_all,
        to: msg.to().map(mailboxes).unwrap_or_default(),
        cc: msg.cc().map(mailboxes).unwrap_or_default(),
        bcc: msg.bcc().map(mailboxes).unwrap_or_default(),
        message_id: msg
            .message_id()
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty()),
        replies_to,
    })
}

/// The error for a message over the limit (also used when reading stops at the limit).
pub fn too_big() -> Error {
    Error::invalid(format!(
        "the message is larger than {} MiB, the most crm reads; save it without its attachments and try again.",
        MAX_MESSAGE_BYTES / 1024 / 1024
    ))
}

/// The valid addresses of an address header, groups flattened; an invalid one (an
/// `undisclosed-recipients:;` group, a typo) is left out.
fn mailboxes(a: &Address<'_>) -> Vec<Mailbox> {
    a.iter()
        .filter_map(|m| {
            let address = validate::email(m.address()?).ok()?;
            let name = m
                .name()
                .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case(&address));
            Some(Mailbox { name, address })
        })
        .collect()
}

fn ids(v: &HeaderValue<'_>) -> Vec<String> {
    let list: Vec<String> = match v {
        HeaderValue::Text(t) => vec![t.to_string()],
        HeaderValue::TextList(l) => l.iter().map(|t| t.to_string()).collect(),
        _ => Vec::new(),
    };
    list.into_iter()
        .map(|s| s.trim().trim_matches(['<', '>']).to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_plain_message() {
        let raw = "From: Ada Lovelace <Ada@Example.com>\r\nTo: me@here.org, Bob <bob@x.io>\r\nCc: carol@y.io\r\nSubject: =?UTF-8?B?Q2Fmw6kgbWVldGluZw==?=\r\nDate: Tue, 24 Nov 2026 10:30:00 +0100\r\nMessage-ID: <abc@example.com>\r\nIn-Reply-To: <prev@here.org>\r\nReferences: <first@here.org> <prev@here.org>\r\n\r\nSee you there.\r\n";
        let e = parse(raw.as_bytes()).unwrap();
        assert_eq!(e.subject.as_deref(), Some("Café meeting"));
        assert_eq!(e.body.as_deref(), Some("See you there."));
        let long = "é".repeat(crate::import::MAX_TEXT);
        let kept = kept_text(&long);
        assert!(kept.len() <= crate::import::MAX_TEXT, "{}", kept.len());
        assert!(kept.ends_with("more bytes, was not kept)"));
        assert_eq!(kept_text("short"), "short");
        assert_eq!(e.from.address, "Ada@Example.com");
        assert_eq!(e.from.name.as_deref(), Some("Ada Lovelace"));
        assert_eq!(e.to.len(), 2);
        assert_eq!(e.cc[0].address, "carol@y.io");
        assert_eq!(e.date.unwrap().to_rfc3339(), "2026-11-24T09:30:00+00:00");
        assert_eq!(e.message_id.as_deref(), Some("abc@example.com"));
        assert_eq!(e.replies_to, ["prev@here.org", "first@here.org"]);
    }

    #[test]
    fn html_only_becomes_text_and_a_bad_date_is_none() {
        let raw = "From: a@b.io\nDate: someday\nContent-Type: multipart/alternative; boundary=XX\n\n--XX\nContent-Type: text/html; charset=utf-8\n\n<p>Hello <b>there</b></p><p>Bye</p>\n--XX--\n";
        let e = parse(raw.as_bytes()).unwrap();
        let body = e.body.unwrap();
        assert!(body.contains("Hello there"), "{body}");
        assert!(!body.contains('<'), "{body}");
        assert_eq!(e.date, None);
        assert_eq!(e.subject, None);
    }

    #[test]
    fn refuses_what_is_not_a_message() {
        for raw in ["", "just some words\nand more\n", "Subject: hi\n\nbody\n"] {
            let e = parse(raw.as_bytes()).unwrap_err().to_string();
            assert!(
                e.contains("RFC 5322") || e.contains("no From"),
                "{raw:?}: {e}"
            );
        }
        let big = vec![b'a'; MAX_MESSAGE_BYTES + 1];
        assert!(parse(&big).unwrap_err().to_string().contains("25 MiB"));
    }
}
