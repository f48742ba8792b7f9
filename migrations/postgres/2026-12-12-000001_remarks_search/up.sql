-- Receipt remarks (หมายเหตุ) in Thai search (docs/search.md). A remark is the receiving office's
-- own note, so it is matched only for that office (the query side). Folded exactly like
-- saraban_search_doc, thai::normalize::search_key and the SQLite view receipt_remarks_fts_doc.
CREATE FUNCTION saraban_fold(t TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT replace(replace(replace(replace(replace(
        translate(t, '๐๑๒๓๔๕๖๗๘๙', '0123456789'),
        'ํ่า', '่ำ'), 'ํ้า', '้ำ'), 'ํ๊า', '๊ำ'), 'ํ๋า', '๋ำ'), 'ํา', 'ำ')
$$;

CREATE INDEX receipts_remarks_trgm ON receipts USING gin (saraban_fold(remarks) gin_trgm_ops);
