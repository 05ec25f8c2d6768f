-- The voucher's orders by state, read from the index alone: the stats' counts scan one voucher's
-- entries instead of the whole table (with the voucher-only index, "status <> 4" was a full scan).
ALTER TABLE tb_voucher_order
    DROP INDEX idx_voucher_order_voucher,
    ADD KEY idx_voucher_order_voucher_status (voucher_id, status);
