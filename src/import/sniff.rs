//! Looking at the first 64 KiB of decoded text: is it text at all, which delimiter, which
//! line is the header, and which export it comes from.

use super::csv_rows::RowReader;
use super::dates::DateStyle;
use super::mapping::{group_part, is_known_header, lower_key, pipedrive_split};
use super::Format;

/// How many non-blank records are searched for the header.
const HEADER_SCAN: usize = 20;
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// The delimiter found most often in `head` (a comma when none is).
pub(crate) fn most_frequent_delimiter(head: &[u8]) -> u8 {
    DELIMITERS
        .iter()
        .copied()
        .max_by_key(|d| (head.iter().filter(|b| *b == d).count(), *d == b','))
        .unwrap_or(b',')
}

/// True for binary data: NUL bytes, or more than 10% control characters.
pub(crate) fn looks_binary(head: &[u8]) -> bool {
    if head.contains(&0) {
        return true;
    }
    let text = String::from_utf8_lossy(head);
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffd}' {
            control += 1;
        }
    }
    total > 0 && control * 10 > total
}

/// Where the header is and how the file is cut into cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sniffed {
    pub delimiter: u8,
    /// How many non-blank records come before the header (LinkedIn's preamble: 2).
    pub skip: usize,
    pub headers: Vec<String>,
}

struct Sample {
    cells: Vec<String>,
    known: usize,
}

/// Reads up to 20 complete non-blank records of `head` with one delimiter.
fn sample(head: &[u8], delimiter: u8, complete: bool) -> Vec<Sample> {
    let mut rows = RowReader::new(head, delimiter);
    let mut out = Vec::new();
    while out.len() < HEADER_SCAN {
        let Some(row) = rows.next_row() else {
            break;
        };
        // A record cut by the end of the 64 KiB sample is not a candidate.
        if row.at_eof && !complete {
            break;
        }
        if row.problem.is_some() {
            break;
        }
        let known = row.cells.iter().filter(|c| is_known_header(c)).count();
        out.push(Sample {
            cells: row.cells,
            known,
        });
    }
    out
}

/// Finds the header: the record among the first 20 that names the most known columns,
/// with the delimiter that makes it so; failing that, the first record with two cells or
/// more, with the delimiter that cuts the sample most consistently.
pub(crate) fn find_header(head: &[u8], complete: bool) -> Option<Sniffed> {
    let samples: Vec<(u8, Vec<Sample>)> = DELIMITERS
        .iter()
        .map(|&d| (d, sample(head, d, complete)))
        .collect();

    // (known, several cells) is the score; earlier records and delimiters win ties.
    let mut best: Option<(usize, bool, u8, usize)> = None;
    for (d, rows) in &samples {
        for (i, row) in rows.iter().enumerate() {
            if row.known == 0 {
                continue;
            }
            let several = row.cells.len() >= 2;
            let better = match best {
                None => true,
                Some((k, s, _, _)) => (row.known, several) > (k, s),
            };
            if better {
                best = Some((row.known, several, *d, i));
            }
        }
    }
    let (delimiter, skip) = match best {
        Some((_, _, d, i)) => (d, i),
        None => fallback(&samples)?,
    };
    let cells = samples
        .iter()
        .find(|(d, _)| *d == delimiter)
        .and_then(|(_, rows)| rows.get(skip))
        .map(|row| row.cells.clone())?;
    let headers = cells
        .iter()
        .map(|c| c.trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    Some(Sniffed {
        delimiter,
        skip,
        headers,
    })
}

/// No known header names: the first record with at least two cells, for the delimiter
/// whose later records most often have the same number of cells.
fn fallback(samples: &[(u8, Vec<Sample>)]) -> Option<(u8, usize)> {
    let mut best: Option<(usize, usize, u8, usize)> = None;
    for (d, rows) in samples {
        let Some(first) = rows.iter().position(|r| r.cells.len() >= 2) else {
            continue;
        };
        let width = rows.get(first).map_or(0, |r| r.cells.len());
        let consistent = rows
            .iter()
            .skip(first + 1)
            .filter(|r| r.cells.len() == width)
            .count();
        let better = match best {
            None => true,
            Some((c, w, _, _)) => (consistent, width) > (c, w),
        };
        if better {
            best = Some((consistent, width, *d, first));
        }
    }
    match best {
        Some((_, _, d, i)) => Some((d, i)),
        // A single column: its first record is the header.
        None => samples
            .first()
            .filter(|(_, rows)| !rows.is_empty())
            .map(|(d, _)| (*d, 0)),
    }
}

/// The export a header row comes from.
pub(crate) fn detect_format(headers: &[String]) -> Format {
    let keys: Vec<String> = headers.iter().map(|h| lower_key(h)).collect();
    let has = |k: &str| keys.iter().any(|x| x == k);
    let any = |ks: &[&str]| ks.iter().any(|k| has(k));

    let pipedrive = keys.iter().filter(|k| pipedrive_split(k).is_some()).count();
    if pipedrive >= 2 || (pipedrive == 1 && keys.len() == 1) {
        return Format::Pipedrive;
    }
    if any(&["connected on", "verbunden am"]) {
        return Format::Linkedin;
    }
    if super::formats::is_thunderbird(&keys) {
        return Format::Thunderbird;
    }
    let google_groups = keys.iter().any(|k| {
        group_part(k).is_some_and(|(g, _, p)| {
            matches!(
                (g, p),
                (
                    "e-mail" | "phone" | "website" | "custom field" | "event" | "relation",
                    "value"
                ) | ("e-mail" | "phone", "label" | "type")
                    | ("address", "formatted")
                    | ("organization", "name")
            )
        })
    });
    if google_groups
        || super::formats::is_old_gmail(&keys)
        || has("group membership")
        || (has("labels") && has("organization name"))
        || any(&["file as", "phonetic first name", "given name yomi"])
    {
        return Format::Google;
    }
    if has("e-mail address")
        && any(&[
            "e-mail 2 address",
            "business phone",
            "mobile phone",
            "home phone",
            "job title",
            "e-mail display name",
            "business street",
        ])
    {
        return Format::Outlook;
    }
    if (has("vorname")
        && has("nachname")
        && any(&[
            "anrede",
            "e-mail-typ",
            "weitere vornamen",
            "e-mail 2: adresse",
        ]))
        || (has("prenom") && any(&["adresse de messagerie", "deuxieme prenom"]))
    {
        return Format::Outlook;
    }
    let hubspot_id = any(&["record id", "contact id", "deal id", "company id"]);
    let hubspot_names = any(&[
        "first name",
        "deal name",
        "email",
        "associated company",
        "associated contact",
        "lifecycle stage",
        "contact owner",
        "deal owner",
        "deal stage",
    ]);
    if (hubspot_id && hubspot_names)
        || any(&["contact owner", "deal owner"])
        || (has("lifecycle stage") && has("lead status"))
    {
        return Format::Hubspot;
    }
    Format::Csv
}

/// How `a/b/yyyy` dates of this export are read.
pub(crate) fn date_style(format: Format, headers: &[String]) -> DateStyle {
    match format {
        Format::Linkedin => DateStyle::MonthFirst,
        Format::Outlook => {
            let localized = headers.iter().any(|h| {
                matches!(
                    lower_key(h).as_str(),
                    "vorname" | "nachname" | "prenom" | "nom"
                )
            });
            if localized {
                DateStyle::DayFirst
            } else {
                DateStyle::MonthFirst
            }
        }
        _ => DateStyle::Any,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn header_after_a_preamble() {
        let text = "Notes:\n\"A sentence, with a comma.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,Lovelace,,,,,03 Nov 2025\n";
        let s = find_header(text.as_bytes(), true).unwrap();
        assert_eq!(s.delimiter, b',');
        assert_eq!(s.skip, 2);
        assert_eq!(s.headers.len(), 7);
        assert_eq!(detect_format(&s.headers), Format::Linkedin);
    }

    #[test]
    fn delimiters_are_sniffed() {
        let s = find_header("Vorname;Nachname;E-Mail\nA;B;a@b.de\n".as_bytes(), true).unwrap();
        assert_eq!((s.delimiter, s.headers.len()), (b';', 3));
        let s = find_header(
            "Name\tEmail\tCompany\nA\ta@b.de\tX, Inc.\n".as_bytes(),
            true,
        )
        .unwrap();
        assert_eq!((s.delimiter, s.headers.len()), (b'\t', 3));
        let s = find_header("foo;bar;baz\n1;2;3\n4;5;6\n".as_bytes(), true).unwrap();
        assert_eq!((s.delimiter, s.skip), (b';', 0));
    }

    #[test]
    fn formats_from_headers() {
        assert_eq!(
            detect_format(&strings(&[
                "Name",
                "Given Name",
                "Family Name",
                "Group Membership",
                "E-mail 1 - Type",
                "E-mail 1 - Value"
            ])),
            Format::Google
        );
        assert_eq!(
            detect_format(&strings(&[
                "First Name",
                "Last Name",
                "E-mail Address",
                "E-mail 2 Address",
                "Mobile Phone"
            ])),
            Format::Outlook
        );
        assert_eq!(
            detect_format(&strings(&[
                "Person - Name",
                "Person - Email - Work",
                "Person - Organization"
            ])),
            Format::Pipedrive
        );
        assert_eq!(
            detect_format(&strings(&[
                "Record ID",
                "Deal Name",
                "Deal Stage",
                "Amount"
            ])),
            Format::Hubspot
        );
        assert_eq!(
            detect_format(&strings(&[
                "First Name",
                "Last Name",
                "Email Address",
                "Company",
                "Position",
                "Connected On"
            ])),
            Format::Linkedin
        );
        assert_eq!(detect_format(&strings(&["Name", "Email"])), Format::Csv);
    }

    #[test]
    fn binary_is_refused() {
        assert!(looks_binary(b"PK\x03\x04\x00\x00binary"));
        assert!(looks_binary(b"\x01\x02\x03\x04\x05abc"));
        assert!(!looks_binary("Name,Email\nZoë,z@example.com\n".as_bytes()));
    }
}
