-- Every line recorded in src_invoice_line paid for an entry in this index, a fifth of recording it.
-- Its readers now do without: the lines of a rebound track are found from the facts' date index
-- (StarSchemaLoader.REBOUND_TRACK_LINES), and whether an inferred track is still needed is asked
-- only after a batch that changed existing lines, while inferred tracks exist.
DROP INDEX src_invoice_line_track_idx;
