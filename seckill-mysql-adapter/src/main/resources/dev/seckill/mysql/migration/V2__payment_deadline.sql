-- The payment deadline: an order is unpaid (status 1) until pay_deadline, then paid (2) or
-- cancelled (4) by its buyer or by expiry, decided by one compare-and-set on status. A cancel
-- gives the unit back to tb_seckill_voucher in the same transaction, and unit_returned says
-- whether Redis has it back too. One order per user and voucher counts only orders not cancelled:
-- the unique key is on a column that is NULL for a cancelled order.

ALTER TABLE tb_voucher_order
    ADD COLUMN pay_deadline   DATETIME(3)      NULL COMMENT 'UTC; unpaid after it: cancelled as expired (NULL: recorded before deadlines)' AFTER create_time,
    ADD COLUMN cancel_time    DATETIME(3)      NULL COMMENT 'UTC' AFTER pay_deadline,
    ADD COLUMN cancel_reason  TINYINT UNSIGNED NULL COMMENT '1 buyer, 2 expired' AFTER cancel_time,
    ADD COLUMN unit_returned  TINYINT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'cancelled: 1 once Redis has the unit back' AFTER cancel_reason,
    ADD COLUMN active_user_id BIGINT UNSIGNED AS (IF(status = 4, NULL, user_id)) STORED COMMENT 'user_id unless cancelled',
    ADD KEY idx_voucher_order_user_voucher (user_id, voucher_id),
    ADD UNIQUE KEY uk_active_user_voucher (active_user_id, voucher_id),
    ADD KEY idx_voucher_order_unpaid (status, pay_deadline),
    ADD KEY idx_voucher_order_unreturned (status, unit_returned);

ALTER TABLE tb_voucher_order DROP INDEX uk_user_voucher;
