//! Decoding: the encoding chosen for built files, bad bytes noted by line and column
//! across read boundaries, `--encoding`, and never U+FFFD.

use std::io::Read;

use encoding_rs::{Encoding, ISO_2022_JP, SHIFT_JIS, UTF_8};

use super::decode::{decode, decode_as};
use super::tests_formats::SplitMix;

/// Reads everything through reads of `step` bytes; the text, the encoding's name, whether
/// it was a guess, and the bad bytes noted.
fn read_all(bytes: &[u8], step: usize) -> (String, &'static str, bool, Vec<super::BadBytes>) {
    let mut r = decode(bytes).unwrap();
    let decoding = r.decoding();
    let mut out = Vec::new();
    let mut buf = vec![0u8; step];
    loop {
        let n = r.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    (
        String::from_utf8(out).unwrap(),
        decoding.encoding_name(),
        decoding.guessed(),
        decoding.bad_bytes().0,
    )
}

#[test]
fn a_few_bad_bytes_keep_a_utf8_file_utf8() {
    let (text, name, guessed, bad) = read_all(b"Zo\xC3\xAB\nJos\xE9\n", 3);
    assert_eq!(
        (text.as_str(), name, guessed),
        ("Zoë\nJosé\n", "UTF-8", false)
    );
    assert_eq!(bad.len(), 1);
    assert_eq!(
        (bad[0].line, bad[0].column, bad[0].bytes.as_slice()),
        (2, 4, &[0xE9][..])
    );
    assert_eq!(bad[0].read_as, "é");

    // All ASCII but one byte: that is a legacy file, guessed.
    let (text, name, guessed, bad) = read_all(b"Name\nRen\xE9e\n", 64);
    assert_eq!(
        (text.as_str(), name, guessed),
        ("Name\nRenée\n", "windows-1252", true)
    );
    assert!(bad.is_empty());
}

#[test]
fn a_bad_sequence_split_across_reads_is_recovered_whole() {
    // A cut three-byte sequence (E2 82, then a space) straddling the 16 KiB input chunks
    // that follow the 64 KiB head.
    let mut bytes = "é".repeat(40_000).into_bytes();
    bytes.push(b'\n');
    let at = 64 * 1024 + 16 * 1024 - 1;
    while bytes.len() < at {
        bytes.push(b'a');
    }
    bytes.extend_from_slice(b"\xE2\x82 tail\n");
    let (text, name, _, bad) = read_all(&bytes, 7);
    assert_eq!(name, "UTF-8");
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert_eq!(bad[0].bytes, [0xE2, 0x82]);
    assert_eq!(bad[0].line, 2);
    assert_eq!(bad[0].column as usize, at - 80_001 + 1);
    assert!(
        text.ends_with("â\u{201A} tail\n"),
        "{:?}",
        &text[text.len() - 12..]
    );
    assert!(!text.contains('\u{FFFD}'));
}

#[test]
fn bomless_utf16_with_little_ascii() {
    // Mostly CJK: only the delimiters and line breaks have a zero byte.
    let text = "名前,会社\r\n山田太郎,東京商事株式会社\r\n佐藤花子,大阪電機工業\r\n";
    for big_endian in [false, true] {
        let bytes: Vec<u8> = text
            .encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect();
        let (out, name, guessed, bad) = read_all(&bytes, 5);
        assert_eq!(out, text);
        assert_eq!(name, if big_endian { "UTF-16BE" } else { "UTF-16LE" });
        assert!(!guessed && bad.is_empty());
    }
}

#[test]
fn seven_bit_iso_2022_jp_is_told_from_utf8() {
    let (bytes, _, _) = ISO_2022_JP.encode("名前,メール\n山田太郎,taro@example.jp\n");
    let (text, name, guessed, _) = read_all(&bytes, 64);
    assert_eq!(name, "ISO-2022-JP");
    assert!(guessed);
    assert_eq!(text, "名前,メール\n山田太郎,taro@example.jp\n");
}

#[test]
fn a_given_encoding_reads_its_bom_and_refuses_what_it_cannot_read() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice("Zoë".as_bytes());
    let mut r = decode_as(&bytes[..], Some(UTF_8)).unwrap();
    let mut s = String::new();
    r.read_to_string(&mut s).unwrap();
    assert_eq!(s, "Zoë");

    let (sjis, _, _) = SHIFT_JIS.encode("山田");
    let mut input = b"ok\nab".to_vec();
    input.extend_from_slice(&sjis);
    let mut r = decode_as(&input[..], Some(UTF_8)).unwrap();
    let err = r.read_to_string(&mut String::new()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("not valid UTF-8"), "{msg}");
    assert!(msg.contains("line 2, column 3"), "{msg}");
    assert!(super::encoding_for_label("klingon").is_err());
    assert_eq!(super::encoding_for_label(" CP932 ").unwrap(), SHIFT_JIS);
    assert_eq!(
        super::encoding_for_label("latin1").unwrap(),
        Encoding::for_label(b"windows-1252").unwrap()
    );
    assert!(super::encoding_for_label("iso-2022-kr").is_err());
}

#[test]
fn any_bytes_decode_without_replacement_characters() {
    let mut rng = SplitMix(0x5EED);
    let pieces: &[&[u8]] = &[
        b"\xC3\xAB",
        b"\xE9",
        b"\x82\xA0",
        b",",
        b"\n",
        b"\xFF\xFE",
        b"\0",
        b"abc",
    ];
    for _ in 0..500 {
        let bytes = rng.bytes(pieces);
        let (text, _, _, _) = read_all(&bytes, 3);
        assert!(!text.contains('\u{FFFD}'), "{bytes:?} gave {text:?}");
    }
}
