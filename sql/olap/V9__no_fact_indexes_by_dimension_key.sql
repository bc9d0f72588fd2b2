-- Every fact inserted paid for an index on its customer key and one on its track key, about two
-- fifths of inserting it; the only reader was the clean-up of unused inferred members, which now
-- asks the source tables. Star queries aggregate facts by hash joins to the dimensions.
DROP INDEX fact_invoice_line_customer_idx, fact_invoice_line_track_idx;
