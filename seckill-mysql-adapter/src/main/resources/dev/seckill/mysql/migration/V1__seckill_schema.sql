-- hmdp's voucher tables, plus what the seckill ledger needs: the initial stock, a stock that
-- cannot go negative, one order per user and voucher, and the orders that ended in the DLQ.
-- Domain times (sale window, order time) are DATETIME(3) in UTC; the others are hmdp's TIMESTAMPs.

CREATE TABLE tb_voucher (
    id           BIGINT UNSIGNED  NOT NULL AUTO_INCREMENT,
    shop_id      BIGINT UNSIGNED  NULL,
    title        VARCHAR(255)     NOT NULL,
    sub_title    VARCHAR(255)     NULL,
    rules        VARCHAR(1024)    NULL,
    pay_value    BIGINT UNSIGNED  NOT NULL COMMENT 'cents',
    actual_value BIGINT UNSIGNED  NOT NULL COMMENT 'cents',
    type         TINYINT UNSIGNED NOT NULL DEFAULT 0 COMMENT '0 normal, 1 seckill',
    status       TINYINT UNSIGNED NOT NULL DEFAULT 1 COMMENT '1 on sale, 2 off sale, 3 expired',
    create_time  TIMESTAMP        NOT NULL DEFAULT CURRENT_TIMESTAMP,
    update_time  TIMESTAMP        NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE tb_seckill_voucher (
    voucher_id    BIGINT UNSIGNED NOT NULL,
    stock         INT             NOT NULL,
    initial_stock INT             NOT NULL,
    create_time   TIMESTAMP       NOT NULL DEFAULT CURRENT_TIMESTAMP,
    begin_time    DATETIME(3)     NOT NULL COMMENT 'UTC',
    end_time      DATETIME(3)     NOT NULL COMMENT 'UTC',
    update_time   TIMESTAMP       NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (voucher_id),
    KEY idx_seckill_voucher_end_time (end_time),
    CONSTRAINT ck_seckill_voucher_stock_not_negative CHECK (stock >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE tb_voucher_order (
    id          BIGINT UNSIGNED  NOT NULL COMMENT 'the order id answered to the buyer',
    user_id     BIGINT UNSIGNED  NOT NULL,
    voucher_id  BIGINT UNSIGNED  NOT NULL,
    pay_type    TINYINT UNSIGNED NOT NULL DEFAULT 1 COMMENT '1 balance, 2 alipay, 3 wechat',
    status      TINYINT UNSIGNED NOT NULL DEFAULT 1 COMMENT '1 unpaid, 2 paid, 3 used, 4 cancelled, 5 refunding, 6 refunded',
    create_time DATETIME(3)      NOT NULL COMMENT 'UTC',
    pay_time    TIMESTAMP        NULL DEFAULT NULL,
    use_time    TIMESTAMP        NULL DEFAULT NULL,
    refund_time TIMESTAMP        NULL DEFAULT NULL,
    update_time TIMESTAMP        NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    UNIQUE KEY uk_user_voucher (user_id, voucher_id),
    KEY idx_voucher_order_voucher (voucher_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE tb_failed_order (
    order_id    BIGINT UNSIGNED NOT NULL,
    user_id     BIGINT UNSIGNED NOT NULL,
    voucher_id  BIGINT UNSIGNED NOT NULL,
    reason      VARCHAR(1024)   NOT NULL,
    create_time DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3) COMMENT 'UTC',
    PRIMARY KEY (order_id),
    KEY idx_failed_order_voucher (voucher_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
