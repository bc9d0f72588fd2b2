-- Only the type 2 dimensions read a key's history from change_log (ScdType2Dimension.computeDesired).
-- An index over every change made each invoice, invoice line and other source change pay for an
-- entry nothing reads: at bulk load, nine changes in ten. ContractLimitsTest checks that the
-- predicate names every type 2 source table.
CREATE INDEX change_log_type2_history_idx ON change_log (table_name, row_key, committed_at)
    WHERE table_name IN ('customer', 'track');
DROP INDEX change_log_table_key_idx;
