-- The payment deadline: an order is unpaid (status 1) until pay_deadline, then paid (2) or
-- cancelled (4) by its buyer or by expiry, decided by one compare-and-set on status. A cancel
-- gives the unit back to tb_seckill_voucher in the same transaction, and unit_returned says
-- whether Redis has it back too. One order per user and voucher counts only orders not cancelled:
-- the unique key is on a column that is NULL for a cancelled order. Every index costs each recorded
-- order an insert into it, on the path the drain's speed depends on: two are added, one replaced.

ALTER TABLE tb_voucher_order
    ADD COLUMN pay_deadline   DATETIME(3)      NULL COMMENT 'UTC; unpaid after it: cancelled as expired (NULL: recorded before deadlines)' AFTER create_time,
    ADD COLUMN cancel_time    DATETIME(3)      NULL COMMENT 'UTC' AFTER pay_deadline,
    ADD COLUMN cancel_reason  TINYINT UNSIGNED NULL COMMENT '1 buyer, 2 expired' AFTER cancel_time,
    ADD COLUMN unit_returned  TINYINT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'cancelled: 1 once Redis has the unit back' AFTER cancel_reason,
    ADD COLUMN active_user_id BIGINT UNSIGNED AS (IF(status = 4, NULL, user_id)) STORED COMMENT 'user_id unless cancelled',
    ADD UNIQUE KEY uk_active_user_voucher (active_user_id, voucher_id),
    -- one index for both scans of the expirer: unpaid by deadline (1, 0, ...) and cancels Redis lacks (4, 0)
    ADD KEY idx_voucher_order_state (status, unit_returned, pay_deadline);

ALTER TABLE tb_voucher_order DROP INDEX uk_user_voucher;
