-- Functions that let crm's SQLite-flavoured SQL (src/store/sqlite/*.rs) run unchanged on
-- PostgreSQL where that is reasonable, and the functions crm registers in SQLite from
-- Rust (src/store/sqlite/filter_fns.rs). Run after schema.sql; NOTES.md lists what
-- these cover and what needs a change in the Rust SQL instead.
--
-- Some of these shadow built-ins of the same name and arguments (sum(bigint) returning
-- bigint, as SQLite's does, instead of numeric). They win only when public comes before
-- pg_catalog in search_path, which the end of this file sets for the database; the
-- connection layer should also send `SET search_path = public, pg_catalog` on connect.
--
-- Needs PostgreSQL 15 built with ICU (the "und-x-icu" collation) for Unicode
-- lowercasing and word splitting independent of the database's locale.

-- Aggregates ---------------------------------------------------------------------------

-- group_concat(x) and group_concat(x, sep): NULLs skipped, NULL when nothing is left,
-- values in the order the rows come (as SQLite). Text goes through string_agg's own
-- transition functions; other types are turned to text first.
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

CREATE AGGREGATE group_concat(text, text) (
    SFUNC = string_agg_transfn, STYPE = internal, FINALFUNC = string_agg_finalfn);
CREATE AGGREGATE group_concat(text) (SFUNC = crm_concat_step, STYPE = text);
CREATE AGGREGATE group_concat(anynonarray, text) (SFUNC = crm_concat_step_any, STYPE = text);
CREATE AGGREGATE group_concat(anynonarray) (SFUNC = crm_concat_step_any, STYPE = text);

-- total(x): sum as double precision, 0.0 over no rows.
CREATE AGGREGATE total(double precision) (SFUNC = float8pl, STYPE = double precision, INITCOND = '0');

-- sum over integers stays an integer (PostgreSQL's is numeric, which the Rust code
-- cannot read as i64); overflow is an error in both. Shadows pg_catalog.sum(bigint).
CREATE AGGREGATE sum(bigint) (SFUNC = int8pl, STYPE = bigint);

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
-- text (JSON strings unquoted, as SQLite's value column), type. Chosen over
-- pg_catalog.json_each(json) for a text or untyped argument. The value is text, so
-- `id IN (SELECT value FROM json_each(?))` needs CAST(value AS INTEGER) (NOTES.md).
CREATE FUNCTION json_each(j text) RETURNS TABLE (key text, value text, type text)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT (a.o - 1)::text, a.e #>> '{}', jsonb_typeof(a.e)
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j::jsonb) = 'array' THEN j::jsonb ELSE '[]'::jsonb END)
        WITH ORDINALITY AS a(e, o)
    UNION ALL
    SELECT b.k, b.v #>> '{}', jsonb_typeof(b.v)
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
-- of the database locale). ASCII-only text takes the short way, as in Rust.
CREATE FUNCTION crm_fold(s text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN s ~ '^[\x01-\x7f]*$' THEN lower(s COLLATE "C")
    ELSE lower(crm_fold_latin(s) COLLATE "und-x-icu") COLLATE "C" END;

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

-- domain::text::words: runs of letters and digits of any script.
CREATE FUNCTION crm_words(folded text) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT w FROM regexp_split_to_table(folded COLLATE "und-x-icu", '[^[:alnum:]]+') AS w WHERE w <> ''
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

-- crm_contact_cond(cond, cadence, birthday, now, offset) is not here: it parses a
-- filter condition with domain::filter::parse and evaluates it with the calendar
-- (cadence due dates, birthdays in a time zone). See NOTES.md.

-- Shadowing built-ins (sum(bigint)) needs public searched before pg_catalog: for this
-- session and, when the role may, for every later connection to this database.
DO $$
BEGIN
    PERFORM set_config('search_path', 'public, pg_catalog', false);
    EXECUTE format('ALTER DATABASE %I SET search_path = public, pg_catalog', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'search_path not set for the database; set it per connection: SET search_path = public, pg_catalog';
END
$$;
