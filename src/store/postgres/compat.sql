-- Functions that let crm's SQLite-flavoured SQL (src/store/sqlite/*.rs) run unchanged on
-- PostgreSQL where that is reasonable, and the functions crm registers in SQLite from
-- Rust (src/store/sqlite/filter_fns.rs). Run after schema.sql; NOTES.md lists what
-- these cover and what needs a change in the Rust SQL instead.
--
-- None shadows a built-in: pg_catalog stays first in search_path, so `sum` and `avg` keep
-- PostgreSQL's own (parallel) aggregates and return numeric, which the connection layer
-- reads back as an integer when it has no fraction (src/store/db/pg.rs).
--
-- Needs PostgreSQL 15 built with ICU (the "und-x-icu" collation) for Unicode
-- lowercasing and word splitting independent of the database's locale.

-- Aggregates ---------------------------------------------------------------------------

-- group_concat(x) and group_concat(x, sep): NULLs skipped, NULL when nothing is left,
-- values in the order the rows come (as SQLite); other types are turned to text first.
-- (string_agg's own transition state is of type internal, which only a superuser may
-- declare, and crm's tables are made by an ordinary member of the team.)
CREATE FUNCTION crm_concat_step(acc text, x text, sep text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN x IS NULL THEN acc WHEN acc IS NULL THEN x ELSE acc || coalesce(sep, '') || x END $$;
CREATE FUNCTION crm_concat_step(acc text, x text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT crm_concat_step(acc, x, ',') $$;
CREATE FUNCTION crm_concat_step_any(acc text, x anynonarray, sep text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT crm_concat_step(acc, x::text, sep) $$;
CREATE FUNCTION crm_concat_step_any(acc text, x anynonarray) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT crm_concat_step(acc, x::text, ',') $$;

CREATE AGGREGATE group_concat(text, text) (SFUNC = crm_concat_step, STYPE = text);
CREATE AGGREGATE group_concat(text) (SFUNC = crm_concat_step, STYPE = text);
CREATE AGGREGATE group_concat(anynonarray, text) (SFUNC = crm_concat_step_any, STYPE = text);
CREATE AGGREGATE group_concat(anynonarray) (SFUNC = crm_concat_step_any, STYPE = text);

-- total(x): sum as double precision, 0.0 over no rows.
CREATE AGGREGATE total(double precision) (SFUNC = float8pl, STYPE = double precision, INITCOND = '0');

-- Booleans used as integers: sum(a = b) counts, min(x IS NOT NULL) is 0 or 1.
CREATE FUNCTION crm_bool_sum_step(acc bigint, x boolean) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN x IS NULL THEN acc ELSE coalesce(acc, 0) + x::int END $$;
CREATE FUNCTION crm_bool_min_step(acc bigint, x boolean) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN x IS NULL THEN acc ELSE least(coalesce(acc, 1), x::int) END $$;
CREATE FUNCTION crm_bool_max_step(acc bigint, x boolean) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN x IS NULL THEN acc ELSE greatest(coalesce(acc, 0), x::int) END $$;
CREATE AGGREGATE sum(boolean) (SFUNC = crm_bool_sum_step, STYPE = bigint);
CREATE AGGREGATE min(boolean) (SFUNC = crm_bool_min_step, STYPE = bigint);
CREATE AGGREGATE max(boolean) (SFUNC = crm_bool_max_step, STYPE = bigint);

-- Scalars ------------------------------------------------------------------------------

-- max(a, b) / min(a, b): NULL when either is NULL (greatest/least skip NULLs).
CREATE FUNCTION max(a anycompatible, b anycompatible) RETURNS anycompatible
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE greatest(a, b) END $$;
CREATE FUNCTION min(a anycompatible, b anycompatible) RETURNS anycompatible
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE least(a, b) END $$;

CREATE FUNCTION ifnull(a anycompatible, b anycompatible) RETURNS anycompatible
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT coalesce(a, b) $$;

CREATE FUNCTION iif(c boolean, a anycompatible, b anycompatible) RETURNS anycompatible
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN c THEN a ELSE b END $$;
-- SQLite's condition may be a number: true when non-zero.
CREATE FUNCTION iif(c bigint, a anycompatible, b anycompatible) RETURNS anycompatible
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN c <> 0 THEN a ELSE b END $$;

-- instr(hay, needle): 1-based position, 0 when absent, NULL on NULL.
CREATE FUNCTION instr(hay text, needle text) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT strpos(hay, needle)::bigint $$;

-- round(x, n) on doubles (PostgreSQL has it for numeric only); halves away from zero
-- and a negative n counts as 0, as SQLite.
CREATE FUNCTION round(x double precision, n integer) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT round(x::numeric, greatest(n, 0))::double precision $$;

-- typeof(x) in SQLite's words.
CREATE FUNCTION typeof(x anyelement) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE
    WHEN x IS NULL THEN 'null'
    WHEN pg_typeof(x) IN ('bigint'::regtype, 'integer'::regtype, 'smallint'::regtype, 'boolean'::regtype) THEN 'integer'
    WHEN pg_typeof(x) IN ('double precision'::regtype, 'real'::regtype, 'numeric'::regtype) THEN 'real'
    WHEN pg_typeof(x) = 'bytea'::regtype THEN 'blob'
    ELSE 'text' END $$;

-- unixepoch() with no argument: now, in whole seconds.
CREATE FUNCTION unixepoch() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT floor(extract(epoch FROM now()))::bigint $$;

-- json_each(text) over an array or object: key (array index or member name), value as
-- text (JSON strings unquoted, as SQLite's value column), type in SQLite's words
-- (integer, real, text, true, false, null, array, object). Chosen over
-- pg_catalog.json_each(json) for a text or untyped argument. The value is text, so
-- `id IN (SELECT value FROM json_each(?))` needs CAST(value AS INTEGER) (NOTES.md).
CREATE FUNCTION crm_json_type(v jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT CASE jsonb_typeof(v)
    WHEN 'number' THEN CASE WHEN v::text ~ '^-?[0-9]+$' THEN 'integer' ELSE 'real' END
    WHEN 'string' THEN 'text'
    WHEN 'boolean' THEN v::text
    ELSE jsonb_typeof(v) END $$;
CREATE FUNCTION json_each(j text) RETURNS TABLE (key text, value text, type text)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT (a.o - 1)::text, a.e #>> '{}', crm_json_type(a.e)
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j::jsonb) = 'array' THEN j::jsonb ELSE '[]'::jsonb END)
        WITH ORDINALITY AS a(e, o)
    UNION ALL
    SELECT b.k, b.v #>> '{}', crm_json_type(b.v)
    FROM jsonb_each(CASE WHEN jsonb_typeof(j::jsonb) = 'object' THEN j::jsonb ELSE '{}'::jsonb END) AS b(k, v)
$$;

-- crm's own functions (filter_fns.rs) -------------------------------------------------

-- Rust's str::trim: strips White_Space characters from both ends.
CREATE FUNCTION crm_trim(s text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN btrim(s, E' \t\n\x0b\f\r' || chr(133) || chr(160) || chr(5760) || chr(8192) || chr(8193)
    || chr(8194) || chr(8195) || chr(8196) || chr(8197) || chr(8198) || chr(8199) || chr(8200)
    || chr(8201) || chr(8202) || chr(8232) || chr(8233) || chr(8239) || chr(8287) || chr(12288));

-- Generated from the deunicode crate (the one fold() uses) for every character
-- is_latin() accepts: single-letter transliterations through translate(), longer ones
-- through replace(), letters deunicode has no text for (and combining accents
-- U+0300-U+036F) deleted.
CREATE FUNCTION crm_fold_latin(s text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN translate(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s, 'Æ', 'ae'), 'Þ', 'th'), 'ß', 'ss'), 'æ', 'ae'), 'þ', 'th'), 'Ĳ', 'ij'), 'ĳ', 'ij'), 'ŉ', '''n'), 'Ŋ', 'ng'), 'ŋ', 'ng'), 'Œ', 'oe'), 'œ', 'oe'), 'ƕ', 'hv'), 'Ƣ', 'oi'), 'ƣ', 'oi'), 'Ʀ', 'yr'), 'Ʃ', 'sh'), 'ƪ', 'sh'), 'Ʒ', 'zh'), 'Ƹ', 'zh'), 'ƹ', 'zh'), 'ƺ', 'zh'), 'ƾ', 'ts'), 'ǁ', '||'), 'ǂ', '|='), 'Ǆ', 'dz'), 'ǅ', 'dz'), 'ǆ', 'dz'), 'Ǉ', 'lj'), 'ǈ', 'lj'), 'ǉ', 'lj'), 'Ǌ', 'nj'), 'ǋ', 'nj'), 'ǌ', 'nj'), 'Ǣ', 'ae'), 'ǣ', 'ae'), 'Ǯ', 'zh'), 'ǯ', 'zh'), 'Ǳ', 'dz'), 'ǲ', 'dz'), 'ǳ', 'dz'), 'Ƕ', 'hv'), 'Ǽ', 'ae'), 'ǽ', 'ae'), 'Ȣ', 'ou'), 'ȣ', 'ou'), 'ȸ', 'db'), 'ȹ', 'qp'), 'ẞ', 'ss'), 'Ỻ', 'll'), 'ỻ', 'll'), 'Ꜩ', 'tz'), 'ꜩ', 'tz'), 'Ꜯ', '4,'), 'ꜯ', '4,'), 'Ꜳ', 'aa'), 'ꜳ', 'aa'), 'Ꜵ', 'ao'), 'ꜵ', 'ao'), 'Ꜷ', 'au'), 'ꜷ', 'au'), 'Ꜹ', 'av'), 'ꜹ', 'av'), 'Ꜻ', 'av'), 'ꜻ', 'av'), 'Ꜽ', 'ay'), 'ꜽ', 'ay'), 'Ꜿ', 'c.'), 'ꜿ', 'c.'), 'Ꝁ', 'k.'), 'ꝁ', 'k.'), 'Ꝃ', 'k.'), 'ꝃ', 'k.'), 'Ꝅ', 'k.'), 'ꝅ', 'k.'), 'Ꝉ', 'l.'), 'ꝉ', 'l.'), 'Ꝋ', 'o.'), 'ꝋ', 'o.'), 'Ꝏ', 'oo'), 'ꝏ', 'oo'), 'Ꝑ', 'p.'), 'ꝑ', 'p.'), 'Ꝓ', 'p.'), 'ꝓ', 'p.'), 'Ꝕ', 'p.'), 'ꝕ', 'p.'), 'Ꝗ', 'q.'), 'ꝗ', 'q.'), 'Ꝙ', 'q.'), 'ꝙ', 'q.'), 'Ꝝ', 'r.'), 'ꝝ', 'r.'), 'Ꝟ', 'v.'), 'ꝟ', 'v.'), 'Ꝡ', 'vy'), 'ꝡ', 'vy'), 'Ꝥ', 'th.'), 'ꝥ', 'th.'), 'Ꝧ', 'th.'), 'ꝧ', 'th.'), 'Ꝭ', 's.'), 'ꝭ', 's.'), 'ꝱ', 'd.'), 'ꝲ', 'l.'), 'ꝳ', 'm.'), 'ꝴ', 'n.'), 'ꝵ', 'r.'), 'ꝶ', 'r.'), 'ꝷ', 't.'), 'ꝸ', 's.'), 'Ꝿ', 'ng'), 'ꝿ', 'ng'), 'Ꞁ', 'll'), 'ꞁ', 'll'), 'Ꞛ', 'ae'), 'ꞛ', 'ae'), 'Ꞝ', 'oe'), 'ꞝ', 'oe'), 'Ꞟ', 'ue'), 'ꞟ', 'ue'), 'ꟓ', 'thth'), 'ꟕ', 'ww'), 'ꟹ', 'oe'), 'ꟿ', 'm'''),
        'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝàáâãäåçèéêëìíîïðñòóôõö÷øùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĸĹĺĻļĽľĿŀŁłŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſƀƁƂƃƄƅƆƇƈƉƊƋƌƍƎƏƐƑƒƓƔƖƗƘƙƚƛƜƝƞƟƠơƤƥƧƨƫƬƭƮƯưƱƲƳƴƵƶƻƼƽƿǀǃǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǝǞǟǠǡǤǥǦǧǨǩǪǫǬǭǰǴǵǷǸǹǺǻǾǿȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȜȝȞȟȠȡȤȥȦȧȨȩȪȫȬȭȮȯȰȱȲȳȴȵȶȷȺȻȼȽȾȿɀɁɂɃɄɅɆɇɈɉɊɋɌɍɎɏḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẚẛẜẝẟẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹỼỽỾỿⱠⱡⱢⱣⱤⱥⱦⱧⱨⱩⱪⱫⱬⱭⱮⱯⱰⱱⱲⱳⱴⱵⱶⱷⱸⱹⱺⱻⱼⱽⱾⱿ꜠꜡ꜢꜣꜤꜥꜦꜧꜪꜫꜬꜭꜰꜱꝆꝇꝌꝍꝚꝛꝢꝣꝨꝩꝪꝫꝮꝯꝰꝹꝺꝻꝼꝽꞂꞃꞄꞅꞆꞇꞈ꞉꞊ꞋꞌꞍꞎꞏꞐꞑꞒꞓꞔꞕꞖꞗꞘꞙꞠꞡꞢꞣꞤꞥꞦꞧꞨꞩꞪꞫꞬꞭꞮꞯꞰꞱꞲꞳꞴꞵꞶꞷꞸꞹꞺꞻꞼꞽꞾꞿꟀꟁꟂꟃꟄꟅꟆꟇꟈꟉꟊꟐꟑꟖꟗꟘꟙꟲꟳꟴꟵꟶꟷꟸꟺꟻꟼꟽꟾＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚꟋꟌꟍ꟎꟏꟒꟔ꟚꟛꟜ꟝꟞꟟꟠꟡꟢꟣꟤꟥꟦꟧꟨꟩꟪꟫꟬꟭꟮꟯꟰꟱̴̵̶̷̸̡̢̧̨̛̖̗̘̙̜̝̞̟̠̣̤̥̦̩̪̫̬̭̮̯̰̱̲̳̹̺̻̼͇͈͉͍͎̀́̂̃̄̅̆̇̈̉̊̋̌̍̎̏̐̑̒̓̔̽̾̿̀́͂̓̈́͆͊͋͌̕̚ͅ͏͓͔͕͖͙͚͐͑͒͗͛ͣͤͥͦͧͨͩͪͫͬͭͮͯ͘͜͟͢͝͞͠͡',
        'aaaaaaceeeeiiiidnoooooxouuuuyaaaaaaceeeeiiiidnooooo/ouuuuyyaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjkkkllllllllllnnnnnnoooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzsbbbb66occddddd3@effggiikkllwnnooopp22ttttuuyvyyzz255w|!aaiioouuuuuuuuuu@aaaaggggkkoooojggwnnaaooaaaaeeeeiiiioooorrrruuuussttyyhhndzzaaeeooooooooyylntjaccltsz''''bu^eejjqqrryyaabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmmmmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvvwwwwwwwwwwxxxxyyzzzzzzhtwyasssdaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyyvvyylllprathhkkzzamaavwwvhhoeroejvsz-_''''``hh3344fslloorrzzvv&&''''''ddffgrrsstt^:=''''yl-nnccchbbffggkknnrrsshegliqktjxbboouuaaiiuuoowwcszddssggsssscfqhhihwfpmiabcdefghijklmnopqrstuvwxyz[\]^_`abcdefghijklmnopqrstuvwxyz');

-- domain::text::fold: Latin letters to ASCII by deunicode and lowercased, combining
-- accents dropped, everything else lowercased by Unicode's rules (ICU's, so independent
-- of the database locale). ASCII-only text takes the short way, as in Rust. Rust folds
-- letter by letter, so a word-final Σ becomes σ, not the ς ICU would give: done first.
CREATE FUNCTION crm_fold(s text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN s ~ '^[\x01-\x7f]*$' THEN lower(s COLLATE "C")
    ELSE lower(translate(crm_fold_latin(s), 'Σ', 'σ') COLLATE "und-x-icu") COLLATE "C" END;

-- crm_fold_trim(x) = fold(x.trim())
CREATE FUNCTION crm_fold_trim(s text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN crm_fold(crm_trim(s));

-- crm_lower(x) = x.to_lowercase()
CREATE FUNCTION crm_lower(s text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN lower(s COLLATE "und-x-icu") COLLATE "C";

-- crm_contains(hay, needle) = fold(hay) contains needle (already folded); false for a
-- NULL hay, a NULL needle counts as ''.
CREATE FUNCTION crm_contains(hay text, needle text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN hay IS NOT NULL AND strpos(crm_fold(hay), coalesce(needle, '')) > 0;

-- domain::text::words: runs of letters and digits of any script. Rust's
-- char::is_alphanumeric is Alphabetic or Numeric; ICU's [:alnum:] misses other numbers
-- (², ½), alphabetic marks (Indic vowel signs) and letters newer than its Unicode
-- version, so those are listed (generated by comparing the two over every code point).
CREATE FUNCTION crm_words(folded text) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT w FROM regexp_split_to_table(folded COLLATE "und-x-icu",
        '[^[:alnum:]\u00b2-\u00b3\u00b9\u00bc-\u00be\u0345\u0363-\u036f\u05b0-\u05bd\u05bf\u05c1-\u05c2\u05c4-\u05c5\u05c7\u0610-\u061a\u064b-\u0657\u0659-\u065f\u0670\u06d6-\u06dc\u06e1-\u06e4\u06e7-\u06e8\u06ed\u0711\u0730-\u073f\u07a6-\u07b0\u0816-\u0817\u081b-\u0823\u0825-\u0827\u0829-\u082c\u088f\u0897\u08d4-\u08df\u08e3-\u08e9\u08f0-\u0903\u093a-\u093b\u093e-\u094c\u094e-\u094f\u0955-\u0957\u0962-\u0963\u0981-\u0983\u09be-\u09c4\u09c7-\u09c8\u09cb-\u09cc\u09d7\u09e2-\u09e3\u09f4-\u09f9\u0a01-\u0a03\u0a3e-\u0a42\u0a47-\u0a48\u0a4b-\u0a4c\u0a51\u0a70-\u0a71\u0a75\u0a81-\u0a83\u0abe-\u0ac5\u0ac7-\u0ac9\u0acb-\u0acc\u0ae2-\u0ae3\u0afa-\u0afc\u0b01-\u0b03\u0b3e-\u0b44\u0b47-\u0b48\u0b4b-\u0b4c\u0b56-\u0b57\u0b62-\u0b63\u0b72-\u0b77\u0b82\u0bbe-\u0bc2\u0bc6-\u0bc8\u0bca-\u0bcc\u0bd7\u0bf0-\u0bf2\u0c00-\u0c04\u0c3e-\u0c44\u0c46-\u0c48\u0c4a-\u0c4c\u0c55-\u0c56\u0c5c\u0c62-\u0c63\u0c78-\u0c7e\u0c81-\u0c83\u0cbe-\u0cc4\u0cc6-\u0cc8\u0cca-\u0ccc\u0cd5-\u0cd6\u0cdc\u0ce2-\u0ce3\u0cf3\u0d00-\u0d03\u0d3e-\u0d44\u0d46-\u0d48\u0d4a-\u0d4c\u0d57-\u0d5e\u0d62-\u0d63\u0d70-\u0d78\u0d81-\u0d83\u0dcf-\u0dd4\u0dd6\u0dd8-\u0ddf\u0df2-\u0df3\u0e31\u0e34-\u0e3a\u0e4d\u0eb1\u0eb4-\u0eb9\u0ebb-\u0ebc\u0ecd\u0f2a-\u0f33\u0f71-\u0f83\u0f8d-\u0f97\u0f99-\u0fbc\u102b-\u1036\u1038\u103b-\u103e\u1056-\u1059\u105e-\u1060\u1062-\u1064\u1067-\u106d\u1071-\u1074\u1082-\u108d\u108f\u109a-\u109d\u1369-\u137c\u16ee-\u16f0\u1712-\u1713\u1732-\u1733\u1752-\u1753\u1772-\u1773\u17b6-\u17c8\u17f0-\u17f9\u1885-\u1886\u18a9\u1920-\u192b\u1930-\u1938\u19da\u1a17-\u1a1b\u1a55-\u1a5e\u1a61-\u1a74\u1abf-\u1ac0\u1acc-\u1ace\u1b00-\u1b04\u1b35-\u1b43\u1b80-\u1b82\u1ba1-\u1ba9\u1bac-\u1bad\u1be7-\u1bf1\u1c24-\u1c36\u1c89-\u1c8a\u1dd3-\u1df4\u2070\u2074-\u2079\u2080-\u2089\u2150-\u2182\u2185-\u2189\u2460-\u249b\u24b6-\u24ff\u2776-\u2793\u2cfd\u2de0-\u2dff\u3007\u3021-\u3029\u3038-\u303a\u3192-\u3195\u3220-\u3229\u3248-\u324f\u3251-\u325f\u3280-\u3289\u32b1-\u32bf\ua674-\ua67b\ua69e-\ua69f\ua6e6-\ua6ef\ua7cb-\ua7cf\ua7d2\ua7d4\ua7da-\ua7dc\ua7f1\ua802\ua80b\ua823-\ua827\ua830-\ua835\ua880-\ua881\ua8b4-\ua8c3\ua8c5\ua8ff\ua926-\ua92a\ua947-\ua952\ua980-\ua983\ua9b4-\ua9bf\ua9e5\uaa29-\uaa36\uaa43\uaa4c-\uaa4d\uaa7b-\uaa7d\uaab0\uaab2-\uaab4\uaab7-\uaab8\uaabe\uaaeb-\uaaef\uaaf5\uabe3-\uabea\ufb1e\U00010107-\U00010133\U00010140-\U00010178\U0001018a-\U0001018b\U000102e1-\U000102fb\U00010320-\U00010323\U00010341\U0001034a\U00010376-\U0001037a\U000103d1-\U000103d5\U000105c0-\U000105f3\U00010858-\U0001085f\U00010879-\U0001087f\U000108a7-\U000108af\U000108fb-\U000108ff\U00010916-\U0001091b\U00010940-\U00010959\U000109bc-\U000109bd\U000109c0-\U000109cf\U000109d2-\U000109ff\U00010a01-\U00010a03\U00010a05-\U00010a06\U00010a0c-\U00010a0f\U00010a40-\U00010a48\U00010a7d-\U00010a7e\U00010a9d-\U00010a9f\U00010aeb-\U00010aef\U00010b58-\U00010b5f\U00010b78-\U00010b7f\U00010ba9-\U00010baf\U00010cfa-\U00010cff\U00010d24-\U00010d27\U00010d40-\U00010d65\U00010d69\U00010d6f-\U00010d85\U00010e60-\U00010e7e\U00010eab-\U00010eac\U00010ec2-\U00010ec7\U00010efa-\U00010efc\U00010f1d-\U00010f26\U00010f51-\U00010f54\U00010fc5-\U00010fcb\U00011000-\U00011002\U00011038-\U00011045\U00011052-\U00011065\U00011073-\U00011074\U00011080-\U00011082\U000110b0-\U000110b8\U000110c2\U00011100-\U00011102\U00011127-\U00011132\U00011145-\U00011146\U00011180-\U00011182\U000111b3-\U000111bf\U000111ce-\U000111cf\U000111e1-\U000111f4\U0001122c-\U00011234\U00011237\U0001123e\U00011241\U000112df-\U000112e8\U00011300-\U00011303\U0001133e-\U00011344\U00011347-\U00011348\U0001134b-\U0001134c\U00011357\U00011362-\U00011363\U00011380-\U00011389\U0001138b\U0001138e\U00011390-\U000113b5\U000113b7-\U000113c0\U000113c2\U000113c5\U000113c7-\U000113ca\U000113cc-\U000113cd\U000113d1\U000113d3\U00011435-\U00011441\U00011443-\U00011445\U000114b0-\U000114c1\U000115af-\U000115b5\U000115b8-\U000115be\U000115dc-\U000115dd\U00011630-\U0001163e\U00011640\U000116ab-\U000116b5\U000116d0-\U000116e3\U0001171d-\U0001172a\U0001173a-\U0001173b\U0001182c-\U00011838\U000118ea-\U000118f2\U00011930-\U00011935\U00011937-\U00011938\U0001193b-\U0001193c\U00011940\U00011942\U000119d1-\U000119d7\U000119da-\U000119df\U000119e4\U00011a01-\U00011a0a\U00011a35-\U00011a39\U00011a3b-\U00011a3e\U00011a51-\U00011a5b\U00011a8a-\U00011a97\U00011b60-\U00011b67\U00011bc0-\U00011be0\U00011bf0-\U00011bf9\U00011c2f-\U00011c36\U00011c38-\U00011c3e\U00011c5a-\U00011c6c\U00011c92-\U00011ca7\U00011ca9-\U00011cb6\U00011d31-\U00011d36\U00011d3a\U00011d3c-\U00011d3d\U00011d3f-\U00011d41\U00011d43\U00011d47\U00011d8a-\U00011d8e\U00011d90-\U00011d91\U00011d93-\U00011d96\U00011db0-\U00011ddb\U00011de0-\U00011de9\U00011ef3-\U00011ef6\U00011f00-\U00011f01\U00011f03\U00011f34-\U00011f3a\U00011f3e-\U00011f40\U00011fc0-\U00011fd4\U00012400-\U0001246e\U00013460-\U000143fa\U00016100-\U0001612e\U00016130-\U00016139\U00016b5b-\U00016b61\U00016d40-\U00016d6c\U00016d70-\U00016d79\U00016e80-\U00016e96\U00016ea0-\U00016eb8\U00016ebb-\U00016ed3\U00016f4f\U00016f51-\U00016f87\U00016f8f-\U00016f92\U00016ff0-\U00016ff6\U000187f8-\U000187ff\U00018cff\U00018d09-\U00018d1e\U00018d80-\U00018df2\U0001bc9e\U0001ccf0-\U0001ccf9\U0001d2c0-\U0001d2d3\U0001d2e0-\U0001d2f3\U0001d360-\U0001d378\U0001e000-\U0001e006\U0001e008-\U0001e018\U0001e01b-\U0001e021\U0001e023-\U0001e024\U0001e026-\U0001e02a\U0001e08f\U0001e5d0-\U0001e5ed\U0001e5f0-\U0001e5fa\U0001e6c0-\U0001e6de\U0001e6e0-\U0001e6f5\U0001e6fe-\U0001e6ff\U0001e8c7-\U0001e8cf\U0001e947\U0001ec71-\U0001ecab\U0001ecad-\U0001ecaf\U0001ecb1-\U0001ecb4\U0001ed01-\U0001ed2d\U0001ed2f-\U0001ed3d\U0001f100-\U0001f10c\U0001f130-\U0001f149\U0001f150-\U0001f169\U0001f170-\U0001f189\U0002b73a-\U0002b73f\U0002cea2-\U0002cead\U0002ebf0-\U0002ee5d]+') AS w
    WHERE w <> ''
$$;

-- crm_name_matches(query_key, name) = name_matches(query_key, fold(name)): every word
-- of the query starts some word of the name, and the query has a word.
CREATE FUNCTION crm_name_matches(query_key text, name text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT name IS NOT NULL
        AND EXISTS (SELECT 1 FROM crm_words(coalesce(query_key, '')))
        AND NOT EXISTS (
            SELECT 1 FROM crm_words(coalesce(query_key, '')) AS q(w)
            WHERE NOT EXISTS (SELECT 1 FROM crm_words(crm_fold(name)) AS n(w) WHERE starts_with(n.w, q.w)))
$$;

-- domain::currency: minor-unit exponent of a known ISO 4217 code, NULL for others.
CREATE FUNCTION crm_currency_exponent(code text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE
    WHEN upper(crm_trim(code) COLLATE "C") NOT IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWL') THEN NULL
    ELSE CASE upper(crm_trim(code) COLLATE "C")
        WHEN 'BHD' THEN 3
        WHEN 'BIF' THEN 0
        WHEN 'CLP' THEN 0
        WHEN 'DJF' THEN 0
        WHEN 'GNF' THEN 0
        WHEN 'IQD' THEN 3
        WHEN 'ISK' THEN 0
        WHEN 'JOD' THEN 3
        WHEN 'JPY' THEN 0
        WHEN 'KMF' THEN 0
        WHEN 'KRW' THEN 0
        WHEN 'KWD' THEN 3
        WHEN 'LYD' THEN 3
        WHEN 'OMR' THEN 3
        WHEN 'PYG' THEN 0
        WHEN 'RWF' THEN 0
        WHEN 'TND' THEN 3
        WHEN 'UGX' THEN 0
        WHEN 'VND' THEN 0
        WHEN 'VUV' THEN 0
        WHEN 'XAF' THEN 0
        WHEN 'XOF' THEN 0
        WHEN 'XPF' THEN 0
        ELSE 2 END
    END;

-- crm_money_cmp(minor, currency, mantissa, scale) → -1, 0, 1 (NULL for a NULL amount or
-- an unknown currency): minor × 10^scale against mantissa × 10^exponent, as
-- Amount::compare_minor, with its i128 saturation (only reachable by absurd inputs).
CREATE FUNCTION crm_i128(x numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN least(greatest(x, -170141183460469231731687303715884105728),
    170141183460469231731687303715884105727);

CREATE FUNCTION crm_money_cmp(minor numeric, code text, mantissa bigint, scale bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN minor IS NULL OR crm_currency_exponent(code) IS NULL THEN NULL
        ELSE sign(
            crm_i128(minor * crm_i128(power(10::numeric,
                CASE WHEN scale BETWEEN 0 AND 255 THEN scale ELSE 255 END)))
          - crm_i128(mantissa * crm_i128(power(10::numeric, crm_currency_exponent(code)))))::bigint
        END
$$;

-- crm_contact_cond(cond, cadence, birthday, now, offset) parses a filter condition with
-- domain::filter::parse and evaluates it with the calendar (cadence due dates, birthdays
-- in a time zone): not reimplemented here. This stand-in fails loudly rather than
-- answer wrongly; NOTES.md says how the Rust side can do without it.
CREATE FUNCTION crm_contact_cond(cond text, cadence text, birthday text, now bigint, "offset" bigint)
    RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
    RAISE EXCEPTION 'crm_contact_cond (%) is not available on PostgreSQL', cond
        USING ERRCODE = 'feature_not_supported';
END
$$;
