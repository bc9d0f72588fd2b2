-- The calendar spans the invoices as they stand: each batch that changed invoices read its bounds
-- by scanning every invoice, work that grew with the history. An index answers min and max.
CREATE INDEX src_invoice_date_idx ON src_invoice (invoice_date) WHERE NOT is_deleted;

-- Nothing reads facts by invoice (the lines of a changed invoice are found in src_invoice_line),
-- and every fact inserted paid for this index.
DROP INDEX fact_invoice_line_invoice_idx;
